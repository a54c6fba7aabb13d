import seedrandom from 'seedrandom';
import type { Bar, Feed, FallbackReason, Observation } from '../index.js';

const DAY_MS = 86_400_000;
export const START_MS = Date.parse('2024-01-02T00:00:00.000Z');
export const timeAt = (tick: number): string => new Date(START_MS + (tick - 1) * DAY_MS).toISOString();

/** A daily bar at `tick` closing at `close`; open is the previous close. */
export function barAt(tick: number, close: number, open = close): Bar {
  return { time: timeAt(tick), open, high: Math.max(open, close) * 1.001, low: Math.min(open, close) * 0.999, close, volume: 1000 };
}

/** Closes of a seeded random walk, one per tick from `fromTick` to `toTick` inclusive. */
export function walk(seed: string, fromTick: number, toTick: number, start = 100, vol = 0.02): Map<number, number> {
  const rng = seedrandom.alea(seed);
  const out = new Map<number, number>();
  let price = start;
  for (let t = fromTick; t <= toTick; t++) {
    price *= Math.exp(vol * (rng() + rng() + rng() - 1.5) * 2);
    out.set(t, price);
  }
  return out;
}

export interface Script {
  /** Close per tick per symbol; ticks <= 0 are history returned on the first poll. */
  readonly closes: Readonly<Record<string, ReadonlyMap<number, number>>>;
  /** Ticks at which a symbol's poll fails, with the reason. */
  readonly failures?: Readonly<Record<string, ReadonlyMap<number, FallbackReason>>>;
  /** Ticks at which a symbol returns its previous bars only (an old candle). */
  readonly staleAt?: Readonly<Record<string, ReadonlySet<number>>>;
}

/**
 * An in-memory feed for core tests: bars and failures chosen per tick. The first poll returns
 * the history (ticks <= 0) plus the tick's own bar, as a range fetch from a real source would.
 */
export function scriptedFeed(script: Script): Feed & { polls: number } {
  const feed = {
    name: 'scripted',
    polls: 0,
    poll({ symbol, tick, lastBarTime }: { symbol: string; tick: number; lastBarTime: string | null }): Observation {
      feed.polls++;
      const reason = script.failures?.[symbol]?.get(tick);
      if (reason) return { kind: 'fallback', reason, message: `scripted ${reason} at tick ${tick}`, attempts: 3 };
      const closes = script.closes[symbol]!;
      const upTo = script.staleAt?.[symbol]?.has(tick) ? tick - 10 : tick;
      const bars: Bar[] = [];
      let prev: number | undefined;
      for (const [t, close] of [...closes.entries()].sort((a, b) => a[0] - b[0])) {
        if (t > upTo) break;
        if (lastBarTime === null || timeAt(t) > lastBarTime) bars.push(barAt(t, close, prev ?? close));
        prev = close;
      }
      return { kind: 'bars', bars, attempts: 1, dropped: 0 };
    },
  };
  return feed;
}
