import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dayIso, dayKey, dayMs, isoDay } from './day.js';

// Every day of years 0000–9999, as the Date the proleptic Gregorian calendar is built on gives it.
const anyDay = fc.integer({ min: Date.parse('0000-01-01T00:00:00.000Z') / 86_400_000, max: Date.parse('9999-12-31T00:00:00.000Z') / 86_400_000 }).map((d) => new Date(d * 86_400_000));

describe('day keys', () => {
  it('give the epoch milliseconds, ISO time and order of the day they name, in years 0000–9999', () => {
    fc.assert(
      fc.property(anyDay, anyDay, (a, b) => {
        const key = dayKey(a.getUTCFullYear(), a.getUTCMonth() + 1, a.getUTCDate());
        expect(dayMs(key)).toBe(a.getTime());
        expect(dayIso(key)).toBe(a.toISOString());
        expect(isoDay(a.toISOString())).toBe(key);
        const other = isoDay(b.toISOString());
        expect(Math.sign(key - other)).toBe(Math.sign(a.getTime() - b.getTime()));
      }),
      { numRuns: 5_000 },
    );
  });

  it('read years before 100 as themselves, not as 19xx', () => {
    expect(dayMs(dayKey(50, 3, 1))).toBe(Date.parse('0050-03-01T00:00:00.000Z'));
    expect(dayIso(dayKey(0, 2, 29))).toBe('0000-02-29T00:00:00.000Z');
  });
});
