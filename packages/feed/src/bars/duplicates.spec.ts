import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resolveConfig, type Bar } from '@tickfold/core';
import { admit } from '@tickfold/core/internal';
import { sanitizeRows, type RawRow } from './sanitize.js';

const T0 = Date.parse('2024-10-02T13:30:00.000Z');
const config = resolveConfig({});
/** Usable rows at a handful of minutes, so times repeat often, each with its own close. */
const rows = fc.array(
  fc.record({ minute: fc.integer({ min: 0, max: 5 }), close: fc.integer({ min: 1, max: 1000 }) }).map(({ minute, close }): RawRow => ({ timeMs: T0 + minute * 60_000, open: close, high: close + 1, low: close, close, volume: 10 })),
  { minLength: 1, maxLength: 12 },
);

describe('a repeated bar time', () => {
  it('keeps the same row in the feed\'s sanitizer as in the engine\'s admit', () => {
    fc.assert(
      fc.property(rows, (raw) => {
        const nowMs = T0 + 10 * 60_000;
        const clean = sanitizeRows(raw, { nowMs, intervalMs: 60_000 });
        const asBars = raw.map(({ timeMs, ...b }): Bar => ({ ...(b as Omit<Bar, 'time'>), time: new Date(timeMs).toISOString() }));
        const admitted = admit({ symbol: 'SPY', lastBarTime: null, bars: [] }, { kind: 'bars', bars: asBars, attempts: 1, dropped: 0 }, 1, new Date(nowMs).toISOString(), config);
        expect(admitted.type).toBe('BarReceived');
        if (admitted.type !== 'BarReceived') return;
        expect(clean.bars).toEqual(admitted.data.bars);
        expect(clean.drops.duplicate).toBe(admitted.data.dropped);
      }),
      { numRuns: 1000 },
    );
  });
});
