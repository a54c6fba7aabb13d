import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { thinMarks, thinPlan, thinSeries, thinTimes } from './thin.js';

describe('chart thinning', () => {
  it('draws every tick when grouping would not halve the points', () => {
    expect(thinPlan(20, 10).points).toBe(20);
    const plan = thinPlan(5, 10);
    expect(plan.points).toBe(5);
    expect(thinSeries(plan, [1, null, 3, 4, 5])).toEqual([1, null, 3, 4, 5]);
    expect(thinTimes(plan, [10, 20, 30, 40, 50])).toEqual([10, 20, 30, 40, 50]);
  });

  it('keeps each bucket\'s low and high in the order they happened', () => {
    const plan = thinPlan(8, 2);
    expect(plan.buckets).toEqual([[0, 3], [4, 7]]);
    expect(thinSeries(plan, [5, 9, 1, 4, 2, 2, 8, null])).toEqual([9, 1, 2, 8]);
    expect(thinTimes(plan, [0, 1, 2, 3, 4, 5, 6, 7])).toEqual([0, 3, 4, 7]);
  });

  it('keeps the extremes of any series and never draws more than two points per bucket (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 500 }), fc.integer({ min: 1, max: 60 }), (values, max) => {
        const plan = thinPlan(values.length, max);
        const thin = thinSeries(plan, values) as number[];
        expect(thin).toHaveLength(plan.points);
        expect(plan.points).toBeLessThanOrEqual(2 * max);
        expect(Math.min(...thin)).toBe(Math.min(...values));
        expect(Math.max(...thin)).toBe(Math.max(...values));
      }),
    );
  });

  it('merges marks that fall in one bucket and says how many', () => {
    const plan = thinPlan(8, 2);
    const { column, merged } = thinMarks(plan, [{ index: 0, value: 1 }, { index: 2, value: 2 }, { index: 5, value: 3 }], 'last');
    expect(column).toEqual([null, 1, null, 3]);
    expect(merged).toBe(1);
  });

  it('past the most marks a chart shows, keeps one mark per equal run of ticks', () => {
    const plan = thinPlan(100, 1000);
    const marks = Array.from({ length: 50 }, (_, i) => ({ index: 2 * i, value: i + 1 }));
    expect(thinMarks(plan, marks, 'first', 50)).toMatchObject({ merged: 0, perRun: 1 });
    const dense = thinMarks(plan, marks, 'first', 10);
    expect(dense).toMatchObject({ merged: 40, perRun: 10 });
    expect(dense.column.filter((v) => v !== null)).toEqual([1, 6, 11, 16, 21, 26, 31, 36, 41, 46]);
    expect(dense.column[10]).toBe(6);
  });
});
