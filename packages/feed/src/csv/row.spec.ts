import { describe, expect, it } from 'vitest';
import { readFields, COLUMNS, type ColumnIndex, type RowValues } from './row.js';

const col = Object.fromEntries(COLUMNS.map((c, i) => [c, i])) as ColumnIndex;
const read = (record: string[]) => {
  const out: RowValues = { day: 0, open: 0, high: 0, low: 0, close: 0, volume: 0, repaired: false };
  return readFields(record, col, false, out) ?? out;
};

describe('readFields', () => {
  it('names the first field that is not a finite number, in column order', () => {
    expect(read(['2003-01-02', '1', 'x', 'y', '1', '1', '1'])).toEqual({ problem: "high 'x' is not a finite number", field: 'High' });
    expect(read(['2003-01-02', '1', '2', '1', '1', '1', 'z'])).toEqual({ problem: "volume 'z' is not a finite number", field: 'Volume' });
  });

  it('names the first price at or below zero, then a negative volume', () => {
    expect(read(['2003-01-02', '1', '2', '0', '-1', '1', '1'])).toEqual({ problem: 'prices must be above zero and volume not negative', field: 'Low' });
    expect(read(['2003-01-02', '1', '2', '1', '1', '1', '-5'])).toEqual({ problem: 'prices must be above zero and volume not negative', field: 'Volume' });
  });

  it('widens the range around an open or close outside it and says it did', () => {
    expect(read(['2003-01-02', '3', '2', '1', '1.5', '1', '7'])).toEqual({ day: 20030102, open: 3, high: 3, low: 1, close: 1.5, volume: 7, repaired: true });
  });
});
