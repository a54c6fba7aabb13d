import type { KillSwitchKind } from '@tickfold/core';
import type { AccountCurve, FillTotals } from './account.js';
import { cagrOf, periodsPerYearOf, YEAR_MS, type BarSpacing } from './stats.js';
import type { TradeStats } from './trades.js';
import type { RecordedTrip } from './track.js';

/** Where a symbol's own data starts and ends; its metrics cover exactly this. */
export interface Span {
  /** Time of its first and last bar (a bar's time is its open). */
  readonly from: string;
  readonly to: string;
  readonly bars: number;
  /** From the first bar's open to the last bar's close (one bar interval after its open), in years of 365.25 days. */
  readonly years: number;
}

/** The kill switch that halted a symbol and stays in force at the end of the run. */
export interface HaltedBy {
  readonly kind: KillSwitchKind;
  readonly tick: number;
  readonly time: string;
  readonly value: number;
  readonly limit: number;
  /** UTC date trading may resume (daily loss); null: for the rest of the session. */
  readonly until: string | null;
}

/**
 * Performance of one symbol's account over its own span. Ratios and returns are fractions
 * (0.12 = 12 %); money is in the account's currency; null where a figure is undefined
 * (no span, no trade, no variation, no loss).
 */
export interface SymbolMetrics {
  readonly span: Span | null;
  readonly initialEquity: number;
  readonly finalEquity: number;
  readonly totalPnl: number;
  readonly totalReturn: number;
  /** (final / initial)^(1 / span years) − 1; null for a span under one day or when equity is gone. */
  readonly cagr: number | null;
  /** Standard deviation of per-bar returns, annualized by √(bars per year). */
  readonly volatility: number;
  /** Mean over standard deviation of per-bar returns, annualized; risk-free rate 0. */
  readonly sharpe: number | null;
  /** Mean per-bar return over downside deviation (target 0), annualized. */
  readonly sortino: number | null;
  /** CAGR over max drawdown. */
  readonly calmar: number | null;
  /** Largest fall of bar-close equity from its running peak (initial cash included). */
  readonly maxDrawdown: number;
  /** Share of the span's bars that ended with a position open. */
  readonly exposure: number;
  /** Closed round trips (as core counts them). */
  readonly trades: number;
  /** Share of closed round trips whose P&L after fees is above zero. */
  readonly winRate: number | null;
  /** Gross profit of winning trips over gross loss of losing ones; null without a losing trip. */
  readonly profitFactor: number | null;
  readonly avgTradeReturn: number | null;
  readonly medianTradeReturn: number | null;
  readonly avgHoldingDays: number | null;
  readonly medianHoldingDays: number | null;
  readonly fees: number;
  readonly fills: number;
  /** Traded value over mean equity, per year of span: 2 means the account's equity was traded twice a year. */
  readonly turnoverPerYear: number | null;
  /** Buy-and-hold of the same bars: bought at the first bar's close, held to the last. */
  readonly benchmarkReturn: number | null;
  readonly benchmarkCagr: number | null;
  readonly killSwitchTrips: number;
  readonly haltedBy: HaltedBy | null;
}

/** Everything an account's metrics are made of, each gathered by its own accumulator. */
export interface AccountParts {
  /** The equity curve over the span only (a fresh curve when there is no span). */
  readonly curve: AccountCurve;
  /** Every bar of the account. */
  readonly spacing: BarSpacing;
  readonly fills: FillTotals;
  /** The closed round trips. */
  readonly trades: TradeStats;
  readonly benchmarkReturn: number | null;
  readonly killSwitchTrips: number;
  /** The trip of the kill switch halting the account at the end (the last trip of that kind), or null. */
  readonly haltingTrip: RecordedTrip | null;
}

function spanOf(spacing: BarSpacing): Span | null {
  if (spacing.bars === 0) return null;
  const from = spacing.firstMs, to = spacing.lastMs;
  const interval = spacing.intervalMs() ?? 0;
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), bars: spacing.bars, years: (to - from + interval) / YEAR_MS };
}

/**
 * The one place an account's metrics are computed from its parts: every metric of `run --json`,
 * `replay --json`, `report`, `export` and `sweep` comes out of here.
 */
export function accountFigures(p: AccountParts): SymbolMetrics {
  const { curve } = p;
  const initial = curve.initial;
  const final = curve.final;
  const span = spanOf(p.spacing);
  const years = span?.years ?? 0;
  const cagr = cagrOf(initial, final, years);
  const maxDrawdown = curve.drawdown.worst;
  const meanEquity = curve.meanEquity();
  const trip = p.haltingTrip;
  return {
    span,
    initialEquity: initial,
    finalEquity: final,
    totalPnl: final - initial,
    totalReturn: final / initial - 1,
    cagr,
    ...curve.returns.figures(periodsPerYearOf(p.spacing.intervalMs())),
    calmar: cagr !== null && maxDrawdown > 0 ? cagr / maxDrawdown : null,
    maxDrawdown,
    exposure: curve.ticks ? curve.exposed / curve.ticks : 0,
    ...p.trades.figures(),
    fees: p.fills.fees,
    fills: p.fills.count,
    turnoverPerYear: years * 365.25 >= 1 && meanEquity > 0 ? p.fills.traded / meanEquity / years : null,
    benchmarkReturn: p.benchmarkReturn,
    benchmarkCagr: p.benchmarkReturn === null ? null : cagrOf(1, 1 + p.benchmarkReturn, years),
    killSwitchTrips: p.killSwitchTrips,
    haltedBy: trip ? { kind: trip.kind, tick: trip.tick, time: trip.time, value: trip.value, limit: trip.limit, until: trip.until } : null,
  };
}

/** Buy-and-hold from the first known close of the span to the last; null without one. */
export const heldReturn = (curve: AccountCurve): number | null => (curve.firstPrice === null ? null : curve.lastPrice! / curve.firstPrice - 1);
