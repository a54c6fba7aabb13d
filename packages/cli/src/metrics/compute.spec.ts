import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resolveConfig } from '@tickfold/core';
import { symbolMetrics } from './compute.js';
import type { RunTrack, SymbolTrack } from './track.js';
import { sumOfAccountsMetrics } from './sum.js';

const DAY_MS = 86_400_000;
const T0 = Date.UTC(2024, 0, 2);

/** A one-symbol track with a bar on every tick (one a day) and the given end-of-tick equity. */
function trackOf(equity: readonly number[], extra: Partial<SymbolTrack> = {}, cash = 1000): RunTrack {
  const times = equity.map((_, i) => T0 + i * DAY_MS);
  const s: SymbolTrack = {
    equity: [...equity], position: equity.map(() => 0), price: equity.map(() => 10), firstBarIndex: 0, lastBarIndex: equity.length - 1,
    barTimesMs: times, fills: [], trips: [], fallbacks: [], halted: null, ...extra,
  };
  return { config: resolveConfig({ symbols: ['AAA'], cash }), ticks: times.map((_, i) => i + 1), timesMs: times, symbols: { AAA: s }, endReason: 'completed', events: 0 };
}

describe('symbolMetrics', () => {
  it('a flat account has no return, volatility, Sharpe, Sortino, trade or drawdown', () => {
    const m = symbolMetrics(trackOf([1000, 1000, 1000]), 'AAA');
    expect(m).toMatchObject({ totalReturn: 0, cagr: 0, volatility: 0, sharpe: null, sortino: null, calmar: null, maxDrawdown: 0, trades: 0, winRate: null, exposure: 0 });
  });

  it('annualizes over the span from the first bar open to the last bar close: N bars are N intervals', () => {
    // 365 daily bars of +0.1 %: 365 returns over 365 days, from the cash at the first open.
    const equity = Array.from({ length: 365 }, (_, i) => 1000 * 1.001 ** (i + 1));
    const m = symbolMetrics(trackOf(equity), 'AAA');
    expect(m.span).toMatchObject({ from: '2024-01-02T00:00:00.000Z', to: '2024-12-31T00:00:00.000Z', bars: 365 });
    expect(m.span!.years).toBeCloseTo(365 / 365.25, 12);
    expect(m.cagr!).toBeCloseTo(1.001 ** 365.25 - 1, 10);
    expect(m.sortino).toBeNull();
  });

  it('leaves out the ticks before the first bar and after the last: they are not the symbol\'s span', () => {
    const base = trackOf([1000, 1000, 1100, 1210, 1210, 1210]);
    const s = { ...base.symbols.AAA!, firstBarIndex: 1, lastBarIndex: 3, barTimesMs: [T0 + DAY_MS, T0 + 2 * DAY_MS, T0 + 3 * DAY_MS], position: [0, 1, 1, 1, 0, 0] };
    const m = symbolMetrics({ ...base, symbols: { AAA: s } }, 'AAA');
    expect(m.span).toMatchObject({ from: '2024-01-03T00:00:00.000Z', to: '2024-01-05T00:00:00.000Z', bars: 3 });
    expect(m.totalReturn).toBeCloseTo(0.21, 12);
    expect(m.exposure).toBe(1);
    expect(m.cagr).toBeCloseTo(1.21 ** (365.25 / 3) - 1, 6);
  });

  it('measures drawdown from the initial cash and Calmar as CAGR over it', () => {
    const m = symbolMetrics(trackOf([900, 1200, 900, 1300]), 'AAA');
    expect(m.maxDrawdown).toBeCloseTo(0.25, 12);
    expect(m.calmar).toBeCloseTo(m.cagr! / 0.25, 12);
  });

  it('counts trades, win rate, profit factor, holding and turnover from the fills', () => {
    const at = (tick: number) => new Date(T0 + (tick - 1) * DAY_MS).toISOString();
    const f = (tick: number, qty: number, price: number, fee: number) => ({ seq: tick, symbol: 'AAA', tick, time: at(tick), qty, price, fee, cause: 'rebalance', writeOff: 0 });
    // Trip 1 wins 100 − 2, trip 2 loses 50 + 2; 4 fills of 1,000-ish value.
    const fills = [f(1, 10, 100, 1), f(3, -10, 110, 1), f(5, 10, 100, 1), f(9, -10, 95, 1)];
    const m = symbolMetrics(trackOf(Array(10).fill(1000), { fills, position: [1, 1, 0, 0, 1, 1, 1, 1, 0, 0].map((x) => x * 10) }), 'AAA');
    expect(m).toMatchObject({ trades: 2, fills: 4, winRate: 0.5, medianHoldingDays: 3, avgHoldingDays: 3, exposure: 0.6, fees: 4 });
    expect(m.profitFactor).toBeCloseTo(98 / 52, 12);
    expect(m.avgTradeReturn).toBeCloseTo((0.098 - 0.052) / 2, 12);
    // 4,050 traded over 10 days at a mean equity of 1,000.
    expect(m.turnoverPerYear).toBeCloseTo(4.05 / (10 / 365.25), 9);
  });

  it('names the switch that halted the symbol at the end, with its trip', () => {
    const trips = [{ tick: 3, time: '2024-01-04T00:00:00.000Z', kind: 'max-drawdown' as const, value: 0.21, limit: 0.2, until: null }];
    const m = symbolMetrics(trackOf([1000, 900, 790], { trips, halted: 'max-drawdown' }), 'AAA');
    expect(m.haltedBy).toEqual({ kind: 'max-drawdown', tick: 3, time: '2024-01-04T00:00:00.000Z', value: 0.21, limit: 0.2, until: null });
    expect(m.killSwitchTrips).toBe(1);
  });

  it('scaling the whole account leaves every ratio unchanged (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.9, max: 1.1, noNaN: true }), { minLength: 2, maxLength: 40 }), fc.double({ min: 0.01, max: 100, noNaN: true }), (steps, k) => {
        let e = 1000;
        const equity = steps.map((r) => (e *= r));
        const a = symbolMetrics(trackOf(equity), 'AAA');
        const b = symbolMetrics(trackOf(equity.map((x) => x * k), {}, 1000 * k), 'AAA');
        expect(b.totalReturn).toBeCloseTo(a.totalReturn, 9);
        expect(b.volatility).toBeCloseTo(a.volatility, 9);
        expect(b.maxDrawdown).toBeCloseTo(a.maxDrawdown, 9);
        expect(b.sharpe === null).toBe(a.sharpe === null);
        if (a.sharpe !== null) expect(b.sharpe).toBeCloseTo(a.sharpe, 6);
      }),
    );
  });
});

describe('sumOfAccountsMetrics', () => {
  it('measures the summed equity from the summed cash, with every symbol\'s round trips', () => {
    const at = (tick: number) => new Date(T0 + (tick - 1) * DAY_MS).toISOString();
    const f = (symbol: string, tick: number, qty: number, price: number) => ({ seq: tick, symbol, tick, time: at(tick), qty, price, fee: 0, cause: 'rebalance', writeOff: 0 });
    const a = trackOf([1000, 1100, 1210], { fills: [f('AAA', 1, 1, 10), f('AAA', 3, -1, 12)] });
    const b = trackOf([1000, 900, 990], { fills: [f('BBB', 2, 1, 10), f('BBB', 3, -1, 9)] });
    const track: RunTrack = { ...a, config: resolveConfig({ symbols: ['AAA', 'BBB'], cash: 1000 }), symbols: { AAA: a.symbols.AAA!, BBB: b.symbols.AAA! } };
    const m = sumOfAccountsMetrics(track);
    expect(m).toMatchObject({ initialEquity: 2000, finalEquity: 2200, trades: 2, winRate: 0.5, fills: 4 });
    expect(m.totalReturn).toBeCloseTo(0.1, 12);
    expect(m.maxDrawdown).toBeCloseTo(0, 12);
    expect(m.span).toMatchObject({ bars: 3 });
  });
});
