import { describe, expect, it } from 'vitest';
import { cagrOf, maxDrawdownOf, periodsPerYear, returnStats } from './stats.js';

const DAY_MS = 86_400_000;

describe('metric helpers', () => {
  it('returns that are constant up to rounding have no volatility and no Sharpe', () => {
    expect(returnStats([-0.1, -0.1 * 1.0000000000000002], 252)).toMatchObject({ volatility: 0, sharpe: null });
  });

  it('has no CAGR under a day or with equity gone', () => {
    expect(cagrOf(1000, 1100, 0.5 / 365.25)).toBeNull();
    expect(cagrOf(1000, 0, 1)).toBeNull();
    expect(cagrOf(1000, 1210, 2)).toBeCloseTo(0.1, 12);
  });

  it('max drawdown is the deepest fall from a running peak', () => {
    expect(maxDrawdownOf([100, 120, 90, 130, 65, 140])).toBeCloseTo(0.5, 12);
  });

  it('periodsPerYear is 252 for daily bars, weekends included, and trading hours for intraday bars', () => {
    const t = Date.UTC(2024, 0, 1);
    expect(periodsPerYear([t, t + DAY_MS, t + 2 * DAY_MS, t + 5 * DAY_MS, t + 6 * DAY_MS])).toBe(252);
    expect(periodsPerYear([t, t + 60_000, t + 120_000])).toBeCloseTo(252 * 390, 6);
  });
});
