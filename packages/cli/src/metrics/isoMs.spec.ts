import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isoOfMs } from '@tickfold/core/internal';
import { isoMs } from './isoMs.js';

describe('isoMs', () => {
  it('equals Date.parse on every toISOString() instant from year 0 to 9999 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(0, 0, 1) - 1, max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }), (ms) => {
        const s = new Date(ms).toISOString();
        expect(isoMs(s)).toBe(Date.parse(s));
      }),
      { numRuns: 5000 },
    );
  });

  it('equals Date.parse on strings of the same shape, invalid dates and times included (property)', () => {
    // Each field around its valid range, so that valid and invalid dates both come up often.
    const field = (min: number, max: number, width: number) => fc.integer({ min, max }).map((n) => String(n).padStart(width, '0'));
    fc.assert(
      fc.property(field(0, 9999, 4), field(0, 13, 2), field(0, 32, 2), field(0, 25, 2), field(0, 60, 2), field(0, 60, 2), field(0, 999, 3), (y, mo, d, h, mi, s, ms) => {
        const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`;
        expect(Object.is(isoMs(iso), Date.parse(iso))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('equals Date.parse on the instant the engine formatted last, whole, fractional or -0 ms (property)', () => {
    const ms = fc.oneof(fc.integer({ min: -8.64e15, max: 8.64e15 }), fc.double({ min: -8.64e15, max: 8.64e15, noNaN: true }), fc.constant(-0));
    fc.assert(
      fc.property(ms, (t) => {
        const s = isoOfMs(t);
        expect(Object.is(isoMs(s), Date.parse(s))).toBe(true);
        // Not the last instant formatted any more: read by parsing.
        isoOfMs(t === 0 ? 1 : 0);
        expect(Object.is(isoMs(s), Date.parse(s))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('leaves other forms to Date.parse', () => {
    for (const s of ['2024-02-29T24:00:00.000Z', '2023-02-29T00:00:00.000Z', '2024-01-02', '2024-01-02T00:00:00Z', '+012024-01-02T00:00:00.000Z', 'x'.repeat(24), '2024-0a-02T00:00:00.000Z']) {
      expect(Object.is(isoMs(s), Date.parse(s))).toBe(true);
    }
  });
});
