import type { Portfolio } from '@tickfold/core';

/** Per-symbol performance figures of the report (and of `report --json`). Ratios are fractions. */
export interface SymbolStats {
  readonly totalReturn: number;
  /** Compound annual growth over the calendar time the run spans; null under one day or when equity is gone. */
  readonly cagr: number | null;
  readonly annualizedVolatility: number;
  /** Mean over stdev of per-tick returns, annualized, risk-free rate 0; null when returns never vary. */
  readonly sharpe: number | null;
  /** Like Sharpe with downside deviation (target 0); null without a losing tick. */
  readonly sortino: number | null;
  readonly maxDrawdown: number;
  /** Share of closed round trips with a positive P&L after fees; null before the first one closes. */
  readonly winRate: number | null;
  readonly fees: number;
  readonly turnover: number;
  readonly fills: number;
  readonly roundTrips: number;
  readonly finalEquity: number;
  readonly totalPnl: number;
}

const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;
const TRADING_DAYS = 252;
const TRADING_DAY_MS = 6.5 * 3_600_000;
const RELATIVE_NOISE = 1e-9;

/** Ticks per year: 252 for daily (or slower) bars, else trading hours' worth of steps. */
export function periodsPerYear(timesMs: readonly number[]): number {
  const steps = timesMs.slice(1).map((t, i) => t - timesMs[i]!).filter((d) => d > 0).sort((a, b) => a - b);
  const median = steps[Math.floor(steps.length / 2)];
  if (median === undefined || median >= 20 * 3_600_000) return TRADING_DAYS;
  return (TRADING_DAYS * TRADING_DAY_MS) / median;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Performance of one symbol's account from its per-tick equity (after each tick) and its final
 * portfolio, which supplies the figures the run summary shows (so the two always agree).
 *
 * @example computeStats([100_500, 101_000], [t1, t2], state.symbols.SPY.portfolio, [120.5])
 */
export function computeStats(equity: readonly number[], timesMs: readonly number[], p: Portfolio, roundTripPnl: readonly number[]): SymbolStats {
  const start = p.initialCash;
  const curve = [start, ...equity];
  const returns: number[] = [];
  for (let i = 1; i < curve.length; i++) returns.push(curve[i - 1]! > 0 ? curve[i]! / curve[i - 1]! - 1 : 0);
  const ppy = periodsPerYear(timesMs);
  const m = returns.length ? mean(returns) : 0;
  const rawSd = returns.length > 1 ? Math.sqrt(returns.reduce((a, r) => a + (r - m) ** 2, 0) / (returns.length - 1)) : 0;
  // A constant return (say -10% every tick) leaves a rounding residue of ~1e-17 here, which would
  // turn into a Sharpe of 1e15; that is no variation at all.
  const sd = rawSd <= RELATIVE_NOISE * Math.abs(m) ? 0 : rawSd;
  const downside = returns.length ? Math.sqrt(mean(returns.map((r) => Math.min(r, 0) ** 2))) : 0;
  const spanMs = timesMs.length > 1 ? timesMs[timesMs.length - 1]! - timesMs[0]! : 0;
  const final = p.equity;
  const cagr = spanMs >= DAY_MS && final > 0 && start > 0 ? (final / start) ** (YEAR_MS / spanMs) - 1 : null;
  return {
    totalReturn: final / start - 1,
    cagr: cagr !== null && Number.isFinite(cagr) ? cagr : null,
    annualizedVolatility: sd * Math.sqrt(ppy),
    sharpe: sd > 0 ? (m / sd) * Math.sqrt(ppy) : null,
    sortino: downside > 0 ? (m / downside) * Math.sqrt(ppy) : null,
    maxDrawdown: p.maxDrawdown,
    winRate: roundTripPnl.length ? roundTripPnl.filter((x) => x > 0).length / roundTripPnl.length : null,
    fees: p.fees,
    turnover: p.turnover,
    fills: p.fills,
    roundTrips: p.roundTrips,
    finalEquity: final,
    totalPnl: p.totalPnl,
  };
}
