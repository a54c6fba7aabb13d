import { describe, expect, it } from 'vitest';
import type { Bar, Feed, Observation } from '../index.js';
import { admit } from '../decide/admit.js';
import { resolveConfig } from '../config/load.js';
import { runCollect, ofType } from '../test-support/collect.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const START = '2024-01-01T00:00:00.000Z';
const START_MS = Date.parse(START);

/**
 * A source of `intervalMs` bars that hands out a bar once it is complete (its interval has
 * elapsed), as Yahoo does, however often it is polled; after `stopMs` it serves nothing newer.
 */
function intervalFeed(intervalMs: number, stopMs = Infinity): Feed {
  const bar = (k: number): Bar => {
    const close = 100 * (1 + 0.05 * Math.sin(k / 7));
    return { time: new Date(k * intervalMs).toISOString(), open: close, high: close * 1.01, low: close * 0.99, close, volume: 1000 };
  };
  return {
    name: 'interval',
    poll({ timeMs, lastBarTime }): Observation {
      const newest = Math.floor(Math.min(timeMs, stopMs) / intervalMs) - 1;
      const from = lastBarTime === null ? newest - 59 : Date.parse(lastBarTime) / intervalMs + 1;
      const bars: Bar[] = [];
      for (let k = from; k <= newest; k++) bars.push(bar(k));
      return { kind: 'bars', bars, attempts: 1, dropped: 0 };
    },
  };
}

const session = (stepMs: number, maxDataAgeMs: number | null) => ({
  clock: { start: START, stepMs },
  data: { maxDataAgeMs },
  risk: { maxDrawdown: null, dailyLoss: null, maxConsecutiveFallbacks: 5 },
});

describe('feed health: "no new bar yet" fails only once a bar was due', () => {
  it('polling daily bars every hour never trips the feed-failure switch', async () => {
    const run = await runCollect(session(HOUR_MS, null), { feed: intervalFeed(DAY_MS) }, 24 * 30);
    expect(ofType(run.events, 'KillSwitchTripped')).toEqual([]);
    expect(ofType(run.events, 'Fallback')).toEqual([]);
    // 23 of every 24 polls see nothing new, and say that no bar was due.
    expect(ofType(run.events, 'BarNotDue').every((e) => e.data.reason === 'not-due')).toBe(true);
    expect(ofType(run.events, 'BarNotDue').length).toBeGreaterThan(24 * 28);
    expect(ofType(run.events, 'SignalComputed').length).toBeGreaterThanOrEqual(29);
  });

  it('polling 1-minute bars every 10 s never trips it either', async () => {
    const run = await runCollect(session(10_000, 3 * MINUTE_MS), { feed: intervalFeed(MINUTE_MS) }, 6 * 120);
    expect(ofType(run.events, 'KillSwitchTripped')).toEqual([]);
    expect(ofType(run.events, 'Fallback')).toEqual([]);
    expect(ofType(run.events, 'BarReceived').length).toBeGreaterThanOrEqual(119);
  });

  it('a daily feed that really stops trips it: five polls after its last bar passed the 5-day limit', async () => {
    const stopMs = START_MS + 10 * DAY_MS;
    const run = await runCollect(session(HOUR_MS, null), { feed: intervalFeed(DAY_MS, stopMs) }, 24 * 30);
    const trips = ofType(run.events, 'KillSwitchTripped');
    expect(trips.map((t) => [t.data.kind, t.data.value, t.data.limit])).toEqual([['feed-failure', 5, 5]]);
    const lastBarMs = stopMs - DAY_MS; // the bar opened the day before the source stopped
    const fallbacks = ofType(run.events, 'Fallback');
    expect(Date.parse(fallbacks[0]!.time) - lastBarMs).toBe(5 * DAY_MS + HOUR_MS);
    expect(Date.parse(trips[0]!.time) - lastBarMs).toBe(5 * DAY_MS + 5 * HOUR_MS);
    expect(fallbacks.every((f) => f.data.reason === 'no-new-bar')).toBe(true);
  });

  it('a 1-minute feed that stops trips it once its last bar is older than --max-data-age', async () => {
    const stopMs = START_MS + 30 * MINUTE_MS;
    const run = await runCollect(session(10_000, 3 * MINUTE_MS), { feed: intervalFeed(MINUTE_MS, stopMs) }, 6 * 60);
    const trip = ofType(run.events, 'KillSwitchTripped')[0]!;
    expect(trip.data.kind).toBe('feed-failure');
    expect(Date.parse(trip.time) - (stopMs - MINUTE_MS)).toBe(3 * MINUTE_MS + 5 * 10_000);
  });
});

describe('admit', () => {
  const config = resolveConfig({});
  const bar = (day: number): Bar => ({ time: new Date(START_MS + day * DAY_MS).toISOString(), open: 10, high: 11, low: 9, close: 10, volume: 1 });
  const held = { symbol: 'SPY', lastBarTime: bar(1).time, bars: [bar(0), bar(1)] };
  const at = (day: number) => new Date(START_MS + day * DAY_MS).toISOString();
  const nothing: Observation = { kind: 'fallback', reason: 'no-new-bar', message: 'nothing new', attempts: 1 };

  it('records "nothing new" within the staleness limit as BarNotDue not-due, beyond it as a Fallback', () => {
    expect(admit(held, nothing, 2, at(6), config)).toMatchObject({ type: 'BarNotDue', data: { reason: 'not-due', message: 'nothing new', lastBarTime: held.lastBarTime } });
    expect(admit(held, nothing, 3, at(6) .replace('T00', 'T01'), config)).toMatchObject({ type: 'Fallback', data: { reason: 'no-new-bar' } });
    // Old bars only: admit's own "nothing new" follows the same rule.
    expect(admit(held, { kind: 'bars', bars: [bar(1)], attempts: 1, dropped: 0 }, 4, at(3), config)).toMatchObject({ type: 'BarNotDue', data: { reason: 'not-due' } });
  });

  it('counts "nothing new" as a failure before any bar has arrived, and other fallbacks always', () => {
    const fresh = { symbol: 'SPY', lastBarTime: null, bars: [] };
    expect(admit(fresh, nothing, 1, at(0), config)).toMatchObject({ type: 'Fallback', data: { reason: 'no-new-bar' } });
    expect(admit(held, { ...nothing, reason: 'network' }, 2, at(2), config)).toMatchObject({ type: 'Fallback', data: { reason: 'network' } });
  });

  it('passes a feed’s "outside its data" through as BarNotDue', () => {
    const before: Observation = { kind: 'not-due', reason: 'before-data', message: 'its data starts 2025-01-02', attempts: 1 };
    expect(admit({ symbol: 'SPY', lastBarTime: null, bars: [] }, before, 1, at(0), config)).toEqual({
      tick: 1, time: at(0), symbol: 'SPY', type: 'BarNotDue', data: { attempts: 1, lastBarTime: null, message: 'its data starts 2025-01-02', reason: 'before-data' },
    });
  });
});
