// A tiny deterministic feed for the store's tests and child processes (plain ESM so a child
// process can import it without a build). Closes follow a seeded geometric random walk: the
// close at a tick is a pure function of (seed, symbol, tick); the first poll also returns
// `history` bars before tick 1. A seeded fraction of polls fail ('injected' fallbacks).
import seedrandom from 'seedrandom';

export const START = '2024-01-02T00:00:00.000Z';

export function gbmFeed({ seed, startMs = Date.parse(START), stepMs = 3_600_000, history = 60, failRate = 0.05, vol = 0.01 }) {
  const paths = new Map();
  const closeAt = (symbol, tick) => {
    let path = paths.get(symbol);
    if (!path) paths.set(symbol, (path = [100]));
    // path[i] is the close at tick i - history.
    for (let i = path.length; i <= tick + history; i++) {
      const rng = seedrandom.alea(`${seed}|${symbol}|${i - history}`);
      const z = rng() + rng() + rng() + rng() - 2;
      path.push(path[i - 1] * Math.exp(vol * z * 1.7));
    }
    return path[tick + history];
  };
  const timeAt = (tick) => new Date(startMs + (tick - 1) * stepMs).toISOString();
  const barAt = (symbol, tick) => {
    const close = closeAt(symbol, tick);
    const open = closeAt(symbol, tick - 1);
    return { time: timeAt(tick), open, high: Math.max(open, close) * 1.001, low: Math.min(open, close) * 0.999, close, volume: 1000 + tick };
  };
  return {
    name: 'gbm',
    poll({ symbol, tick, lastBarTime }) {
      if (seedrandom.alea(`${seed}|${symbol}|${tick}|fail`)() < failRate) {
        return { kind: 'fallback', reason: 'injected', message: `injected failure at tick ${tick}`, attempts: 3 };
      }
      const bars = [];
      for (let t = lastBarTime === null ? 1 - history : tick; t <= tick; t++) {
        const bar = barAt(symbol, t);
        if (lastBarTime === null || bar.time > lastBarTime) bars.push(bar);
      }
      // After a failed poll the missed bar is older than the newest: fetch it too.
      if (lastBarTime !== null) {
        for (let t = tick - 1; t >= 1 - history && timeAt(t) > lastBarTime; t--) bars.unshift(barAt(symbol, t));
      }
      return { kind: 'bars', bars, attempts: 1, dropped: 0 };
    },
  };
}

/** The config of a test session: intraday steps so a day holds 24 ticks. */
export const sessionConfig = (seed, symbols = ['QQQ', 'SPY'], stepMs = 3_600_000) => ({
  seed,
  symbols,
  clock: { mode: 'virtual', start: START, stepMs },
  data: { minBars: 20 },
});
