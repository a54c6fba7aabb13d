import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value } from '@sinclair/typebox/value';
import { ISO_INSTANT_PATTERN, IsoTime, isoOfMs } from './bar.js';
import { isIsoInstant } from '../decide/admit.js';

const instant = fc.date({ min: new Date('0001-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }).map((d) => d.toISOString());
/** An instant with one character replaced: most are no longer instants, some still match the pattern. */
const mangled = fc.tuple(instant, fc.nat(23), fc.constantFrom(...'0123456789-:.TZ x'.split(''))).map(([s, i, c]) => s.slice(0, i) + c + s.slice(i + 1));

describe('ISO instants', () => {
  it('admit and the IsoTime schema accept every instant toISOString writes', () => {
    fc.assert(fc.property(instant, (s) => { expect(isIsoInstant(s)).toBe(true); expect(Value.Check(IsoTime, s)).toBe(true); }));
  });

  it('admit accepts what isoOfMs wrote last exactly when it is an instant toISOString writes (whole, fractional, six-digit years)', () => {
    const ms = fc.oneof(fc.integer({ min: -8.64e15, max: 8.64e15 }), fc.double({ min: -8.64e15, max: 8.64e15, noNaN: true }), fc.integer({ min: -62_198_755_200_000, max: 253_433_923_200_000 }));
    fc.assert(fc.property(ms, (t) => {
      const s = isoOfMs(t);
      expect(isIsoInstant(s)).toBe(ISO_INSTANT_PATTERN.test(s));
      expect(isIsoInstant(s)).toBe(Value.Check(IsoTime, s));
    }), { numRuns: 5000 });
  });

  it('admit accepts nothing the IsoTime schema refuses (it also refuses dates like 2024-01-39)', () => {
    fc.assert(fc.property(mangled, (s) => { if (isIsoInstant(s)) expect(Value.Check(IsoTime, s)).toBe(true); }), { numRuns: 2000 });
    expect(Value.Check(IsoTime, '2024-01-39T00:00:00.000Z')).toBe(true);
    expect(isIsoInstant('2024-01-39T00:00:00.000Z')).toBe(false);
  });
});

describe('isoOfMs', () => {
  const MAX = 8.64e15; // the instants Date covers
  it('writes what toISOString writes, for every instant Date covers', () => {
    const ms = fc.oneof(
      fc.integer({ min: -MAX, max: MAX }),
      fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }), // where runs are
      fc.integer({ min: -62_198_755_200_000, max: -62_104_060_800_000 }), // around year 0 (one sign change)
      fc.integer({ min: 253_370_764_800_000, max: 253_433_923_200_000 }), // around year 9999 to 10001
      fc.integer({ min: -40_000, max: 40_000 }).map((d) => d * 86_400_000), // midnights (daily ticks)
    );
    fc.assert(fc.property(ms, (t) => {
      expect(isoOfMs(t)).toBe(new Date(t).toISOString());
    }), { numRuns: 20_000 });
  });

  it('writes what toISOString writes for instants in order (a run\'s clock), across months, years and the edges of its range', () => {
    const start = fc.oneof(fc.integer({ min: -MAX, max: MAX }), fc.integer({ min: -62_198_755_200_000, max: -62_104_060_800_000 }), fc.integer({ min: 253_370_764_800_000, max: 253_433_923_200_000 }));
    const step = fc.oneof(fc.constant(86_400_000), fc.integer({ min: 1, max: 3_600_000 }), fc.integer({ min: 1, max: 40 * 86_400_000 }), fc.integer({ min: -40 * 86_400_000, max: -1 }));
    fc.assert(fc.property(start, step, fc.integer({ min: 1, max: 400 }), (t0, dt, n) => {
      for (let i = 0, t = t0; i < n && Math.abs(t) <= MAX; i++, t += dt) {
        expect(isoOfMs(t)).toBe(new Date(t).toISOString());
        expect(isoOfMs(t)).toBe(new Date(t).toISOString()); // asked again: the string it made
      }
    }), { numRuns: 2_000 });
  });

  it('handles leap days, ends of months and years, and the edges of the day', () => {
    for (const iso of ['2000-02-29T00:00:00.000Z', '1900-03-01T00:00:00.000Z', '2024-12-31T23:59:59.999Z', '1970-01-01T00:00:00.000Z', '1969-12-31T23:59:59.999Z', '0000-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z']) {
      expect(isoOfMs(Date.parse(iso))).toBe(iso);
    }
    expect(isoOfMs(1.5)).toBe(new Date(1.5).toISOString());
  });
});
