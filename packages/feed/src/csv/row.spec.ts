import { describe, expect, it } from 'vitest';
import { readRow, COLUMNS, type ColumnIndex } from './row.js';

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
