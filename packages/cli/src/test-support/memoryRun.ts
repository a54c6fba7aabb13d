import { createEngine, type Bar, type EventRecord, type Feed, type Observation, type RunResult } from '@tickfold/core';
import { seededRandom } from '@tickfold/core/internal';

const DAY_MS = 86_400_000;

/** A seeded random-walk feed of daily bars, for CLI unit tests that need real events without the feed package. */
export function walkFeed(seed: number, historyBars = 60, volatility = 0.03): Feed {
  const walks = new Map<string, { closes: number[]; rng: () => number }>();
  const random = seededRandom(seed);
  const closeAt = (symbol: string, i: number): number => {
    let w = walks.get(symbol);
    if (!w) walks.set(symbol, (w = { closes: [100], rng: random(symbol, 0, 'walk') }));
    while (w.closes.length <= i) w.closes.push(w.closes[w.closes.length - 1]! * Math.exp(volatility * (2 * w.rng() - 1)));
    return w.closes[i]!;
  };
  return {
    name: 'walk',
    poll({ symbol, tick, timeMs, lastBarTime }): Observation {
      const bars: Bar[] = [];
      for (let t = lastBarTime === null ? tick - historyBars : tick; t <= tick; t++) {
        const close = closeAt(symbol, t + historyBars);
        const open = closeAt(symbol, t + historyBars - 1);
        bars.push({ time: new Date(timeMs - (tick - t) * DAY_MS).toISOString(), open, high: Math.max(open, close) * 1.002, low: Math.min(open, close) * 0.998, close, volume: 1000 });
      }
      return { kind: 'bars', bars, attempts: 1, dropped: 0 };
    },
  };
}

/** Runs a session in memory and returns its records. */
export async function memoryRun(config: Record<string, unknown>, ticks: number, seed = 1): Promise<{ records: EventRecord[]; result: RunResult }> {
  const records: EventRecord[] = [];
  const engine = createEngine(config, { feed: walkFeed(seed), sinks: [{ write: (rs) => void records.push(...rs) }] });
  const result = await engine.run({ ticks });
  return { records, result };
}
