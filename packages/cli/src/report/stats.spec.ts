import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { initialPortfolio, type Portfolio } from '@tickfold/core';
import { computeStats, periodsPerYear } from './stats.js';

const DAY_MS = 86_400_000;
const days = (n: number) => Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 2) + i * DAY_MS);
const portfolioAt = (equity: number, extra: Partial<Portfolio> = {}): Portfolio => ({ ...initialPortfolio(1000), equity, totalPnl: equity - 1000, ...extra });

describe('computeStats', () => {
  it('a flat curve has zero return and volatility and no Sharpe or Sortino', () => {
    const s = computeStats([1000, 1000, 1000], days(3), portfolioAt(1000), []);
    expect(s).toMatchObject({ totalReturn: 0, annualizedVolatility: 0, sharpe: null, sortino: null, winRate: null });
  });

  it('takes the summary figures from the portfolio so report and run agree', () => {
    const p = portfolioAt(1100, { fees: 3.5, fills: 7, roundTrips: 3, maxDrawdown: 0.08, turnover: 5000 });
    expect(computeStats([1050, 1100], days(2), p, [10, -2, 4])).toMatchObject({ fees: 3.5, fills: 7, roundTrips: 3, maxDrawdown: 0.08, turnover: 5000, finalEquity: 1100, totalPnl: 100 });
  });

  it('computes the win rate over closed round trips', () => {
    expect(computeStats([1000], days(1), portfolioAt(1000), [5, -1, 0, 2]).winRate).toBe(0.5);
  });

  it('annualizes a steady daily gain into the matching CAGR', () => {
    const n = 366;
    const equity = Array.from({ length: n }, (_, i) => 1000 * 1.001 ** (i + 1));
    const times = days(n);
    const s = computeStats(equity, times, portfolioAt(equity[n - 1]!), []);
    const years = (times[n - 1]! - times[0]!) / (365.25 * DAY_MS);
    expect(s.cagr!).toBeCloseTo((equity[n - 1]! / 1000) ** (1 / years) - 1, 10);
    expect(s.sortino).toBeNull();
  });

  it('returns that are constant up to rounding have no volatility and no Sharpe', () => {
    const equity = [1000 * 0.9, 1000 * 0.9 * 0.9000000000000001];
    const s = computeStats(equity, days(2), portfolioAt(equity[1]!), []);
    expect(s.annualizedVolatility).toBe(0);
    expect(s.sharpe).toBeNull();
  });

  it('scaling the whole account leaves every ratio unchanged (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.9, max: 1.1, noNaN: true }), { minLength: 2, maxLength: 40 }), fc.double({ min: 0.01, max: 100, noNaN: true }), (steps, k) => {
        let e = 1000;
        const equity = steps.map((r) => (e *= r));
        const a = computeStats(equity, days(equity.length), portfolioAt(equity.at(-1)!), []);
        const b = computeStats(equity.map((x) => x * k), days(equity.length), { ...portfolioAt(equity.at(-1)! * k), initialCash: 1000 * k }, []);
        expect(b.totalReturn).toBeCloseTo(a.totalReturn, 9);
        expect(b.annualizedVolatility).toBeCloseTo(a.annualizedVolatility, 9);
        if (a.sharpe !== null && b.sharpe !== null) expect(b.sharpe).toBeCloseTo(a.sharpe, 6);
      }),
    );
  });
});

describe('periodsPerYear', () => {
  it('is 252 for daily bars, weekends included', () => {
    const t = Date.UTC(2024, 0, 1);
    expect(periodsPerYear([t, t + DAY_MS, t + 2 * DAY_MS, t + 5 * DAY_MS, t + 6 * DAY_MS])).toBe(252);
  });

  it('counts trading hours for intraday bars', () => {
    const t = Date.UTC(2024, 0, 1);
    expect(periodsPerYear([t, t + 60_000, t + 120_000])).toBeCloseTo(252 * 390, 6);
  });
});
