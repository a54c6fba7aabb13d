import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isCalendarDate, readRow, COLUMNS, type ColumnIndex } from './row.js';

/** What a calendar date means: the day survives a round trip through Date as an ISO instant. */
const roundTrip = (date: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const iso = `${date}T00:00:00.000Z`;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) && new Date(ms).toISOString() === iso;
};
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const shaped = fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 19 }), fc.integer({ min: 0, max: 39 })).map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);

describe('isCalendarDate', () => {
  it('accepts exactly the dates that survive a round trip through Date', () => {
    fc.assert(
      fc.property(fc.oneof(shaped, fc.string()), (date) => {
        expect(isCalendarDate(date)).toBe(roundTrip(date));
      }),
      { numRuns: 20000, seed: 21 },
    );
  });
});

const col = Object.fromEntries(COLUMNS.map((c, i) => [c, i])) as ColumnIndex;

describe('readRow', () => {
  it('names the first field that is not a finite number, in column order', () => {
    expect(readRow(['2003-01-02', '1', 'x', 'y', '1', '1', '1'], col, false)).toEqual({ problem: "high 'x' is not a finite number", field: 'High' });
    expect(readRow(['2003-01-02', '1', '2', '1', '1', '1', 'z'], col, false)).toEqual({ problem: "volume 'z' is not a finite number", field: 'Volume' });
  });

  it('names the first price at or below zero, then a negative volume', () => {
    expect(readRow(['2003-01-02', '1', '2', '0', '-1', '1', '1'], col, false)).toEqual({ problem: 'prices must be above zero and volume not negative', field: 'Low' });
    expect(readRow(['2003-01-02', '1', '2', '1', '1', '1', '-5'], col, false)).toEqual({ problem: 'prices must be above zero and volume not negative', field: 'Volume' });
  });

  it('widens the range around an open or close outside it and says it did', () => {
    expect(readRow(['2003-01-02', '3', '2', '1', '1.5', '1', '7'], col, false)).toEqual({ bar: { time: '2003-01-02T00:00:00.000Z', open: 3, high: 3, low: 1, close: 1.5, volume: 7 }, repaired: true });
  });
});
