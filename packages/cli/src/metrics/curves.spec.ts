import { describe, expect, it } from 'vitest';
import { periodReturns, worstDrawdowns } from './curves.js';

const DAY_MS = 86_400_000;
const day = (d: string) => Date.parse(`${d}T00:00:00.000Z`);

describe('worstDrawdowns', () => {
  it('finds each fall with its peak, trough and recovery, deepest first', () => {
    const times = ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-06', '2024-01-07'].map(day);
    const equity = [110, 99, 88, 115, 112, 120, 100];
    expect(worstDrawdowns(times, equity, 100, 5)).toEqual([
      { start: '2024-01-01T00:00:00.000Z', trough: '2024-01-03T00:00:00.000Z', recovery: '2024-01-04T00:00:00.000Z', depth: 1 - 88 / 110, days: 3 },
      { start: '2024-01-06T00:00:00.000Z', trough: '2024-01-07T00:00:00.000Z', recovery: null, depth: 1 - 100 / 120, days: 1 },
      { start: '2024-01-04T00:00:00.000Z', trough: '2024-01-05T00:00:00.000Z', recovery: '2024-01-06T00:00:00.000Z', depth: 1 - 112 / 115, days: 2 },
    ]);
    expect(worstDrawdowns(times, equity, 100, 1)).toHaveLength(1);
  });

  it('a fall from the initial cash starts at the first tick', () => {
    const [p] = worstDrawdowns([day('2024-01-01'), day('2024-01-02')], [90, 95], 100, 1);
    expect(p).toMatchObject({ start: '2024-01-01T00:00:00.000Z', trough: '2024-01-01T00:00:00.000Z', recovery: null, days: 1 });
    expect(p!.depth).toBeCloseTo(0.1, 12);
  });
});

describe('periodReturns', () => {
  it('compounds each month from the last equity of the month before', () => {
    const times = [day('2024-01-30'), day('2024-01-31'), day('2024-02-01'), day('2024-02-29'), day('2024-03-01')];
    const r = periodReturns(times, [105, 110, 100, 121, 121], 100, 'month');
    expect(r.map((x) => x.period)).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(r[0]!.return).toBeCloseTo(0.1, 12);
    expect(r[1]!.return).toBeCloseTo(0.1, 12);
    expect(r[2]!.return).toBe(0);
  });

  it('chains yearly returns into the total return', () => {
    const times = Array.from({ length: 1000 }, (_, i) => day('2021-06-01') + i * DAY_MS);
    const equity = times.map((_, i) => 100 * 1.001 ** (i + 1));
    const years = periodReturns(times, equity, 100, 'year');
    expect(years.map((y) => y.period)).toEqual(['2021', '2022', '2023', '2024']);
    expect(years.reduce((g, y) => g * (1 + y.return), 1)).toBeCloseTo(equity.at(-1)! / 100, 9);
  });
});
