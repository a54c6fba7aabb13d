import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resolveConfig, type Bar } from '@tickfold/core';
import { admit } from '@tickfold/core/internal';
import { checkBars } from './freshness.js';
import { assertAgeLimitFits } from '../yahoo/ageRule.js';
import { INTERVAL_MS, type Interval } from '../yahoo/options.js';

const START_MS = Date.parse('2024-01-02T00:00:00.000Z');
const bar = (ms: number): Bar => ({ time: new Date(ms).toISOString(), open: 10, high: 11, low: 9, close: 10, volume: 5 });
const MINUTE = 60_000, HOUR = 3_600_000, DAY = 86_400_000;

/** Bars oldest first at a common spacing with some gaps, a clock after the newest, and a configured limit or none. */
const session = fc
  .record({
    spacingMs: fc.constantFrom(MINUTE, 5 * MINUTE, HOUR, DAY, 7 * DAY),
    gaps: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 9 }),
    ageMs: fc.oneof(fc.integer({ min: 0, max: 10 * DAY }), fc.constantFrom(HOUR, HOUR + 1, 5 * DAY, 5 * DAY + 1)),
    limitMs: fc.option(fc.integer({ min: 1, max: 10 * DAY }), { nil: null }),
  })
  .map(({ spacingMs, gaps, ageMs, limitMs }) => {
    const times = gaps.reduce<number[]>((ts, g) => [...ts, ts[ts.length - 1]! + g * spacingMs], [START_MS]);
    return { bars: times.map(bar), nowMs: times[times.length - 1]! + ageMs, limitMs };
  });

describe('the staleness rule is the engine\'s in the feed', () => {
  it('checkBars calls bars stale exactly when admit does, with the same message but for the clock', () => {
    fc.assert(
      fc.property(session, ({ bars, nowMs, limitMs }) => {
        const feed = checkBars(bars, { minBars: 0, maxDataAgeMs: limitMs }, nowMs);
        const now = new Date(nowMs).toISOString();
        const engine = admit({ symbol: 'SPY', lastBarTime: null, bars: [] }, { kind: 'bars', bars, attempts: 1, dropped: 0 }, 1, now, resolveConfig({ data: { maxDataAgeMs: limitMs } }));
        const engineStale = engine.type === 'Fallback' && engine.data.reason === 'stale';
        expect(feed?.reason === 'stale').toBe(engineStale);
        if (feed && engine.type === 'Fallback') expect(feed.message).toBe(`${engine.data.message.replace(' s old;', ` s old at ${now};`)} (data.maxDataAgeMs / --max-data-age)`);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a Yahoo interval exactly when a complete bar just over one interval old is stale', () => {
    fc.assert(
      fc.property(fc.constantFrom(...(Object.keys(INTERVAL_MS) as Interval[])), fc.option(fc.integer({ min: 1, max: 10 * DAY }), { nil: null }), (interval, limitMs) => {
        const intervalMs = INTERVAL_MS[interval];
        const bars = [bar(START_MS), bar(START_MS + intervalMs)];
        const staleAtOneInterval = checkBars(bars, { minBars: 0, maxDataAgeMs: limitMs }, START_MS + 2 * intervalMs + 1) !== null;
        let refused = false;
        try { assertAgeLimitFits(interval, limitMs, false); } catch { refused = true; }
        expect(refused).toBe(staleAtOneInterval);
      }),
      { numRuns: 500 },
    );
  });
});
