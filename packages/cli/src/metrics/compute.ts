import type { KillSwitchKind } from '@tickfold/core';
import { roundTrips, type RoundTrip } from './trades.js';
import { barIntervalMs, cagrOf, maxDrawdownOf, mean, median, periodsPerYear, returnStats, YEAR_MS } from './stats.js';
import type { RunTrack, SymbolTrack } from './track.js';

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

/** Index range [first, last] of the run's ticks that belong to the symbol: its bars, and any fill priced at its last close after them. */
export function spanIndexes(s: SymbolTrack, ticks: readonly number[]): { first: number; last: number } | null {
  if (s.firstBarIndex === null || s.lastBarIndex === null) return null;
  const lastFill = s.fills.at(-1);
  const fillIndex = lastFill === undefined ? -1 : ticks.lastIndexOf(lastFill.tick);
  return { first: s.firstBarIndex, last: Math.max(s.lastBarIndex, fillIndex) };
}

function spanOf(s: SymbolTrack): Span | null {
  if (s.barTimesMs.length === 0) return null;
  const from = s.barTimesMs[0]!, to = s.barTimesMs.at(-1)!;
  const interval = barIntervalMs(s.barTimesMs) ?? 0;
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), bars: s.barTimesMs.length, years: (to - from + interval) / YEAR_MS };
}

function haltedBy(s: SymbolTrack): HaltedBy | null {
  if (s.halted === null) return null;
  const trip = [...s.trips].reverse().find((t) => t.kind === s.halted);
  return trip ? { kind: trip.kind, tick: trip.tick, time: trip.time, value: trip.value, limit: trip.limit, until: trip.until } : null;
}

function tradeStats(trips: readonly RoundTrip[]) {
  const closed = trips.filter((t) => !t.open);
  if (closed.length === 0) return { trades: 0, winRate: null, profitFactor: null, avgTradeReturn: null, medianTradeReturn: null, avgHoldingDays: null, medianHoldingDays: null };
  const gains = closed.filter((t) => t.pnl > 0).reduce((a, t) => a + t.pnl, 0);
  const losses = -closed.filter((t) => t.pnl < 0).reduce((a, t) => a + t.pnl, 0);
  const returns = closed.map((t) => t.return);
  const holding = closed.map((t) => t.holdingDays);
  return {
    trades: closed.length,
    winRate: closed.filter((t) => t.pnl > 0).length / closed.length,
    profitFactor: losses > 0 ? gains / losses : null,
    avgTradeReturn: mean(returns),
    medianTradeReturn: median(returns),
    avgHoldingDays: mean(holding),
    medianHoldingDays: median(holding),
  };
}

/**
 * One symbol's metrics over its own span (first bar to last), from a run's track. The one place
 * metrics are computed: `report`, `run --json`, `replay --json`, `export` and `sweep` use it.
 *
 * @example const m = symbolMetrics(track, 'NVDA'); m.cagr // 0.171
 */
export function symbolMetrics(track: RunTrack, symbol: string): SymbolMetrics {
  const s = track.symbols[symbol]!;
  const range = spanIndexes(s, track.ticks);
  const prices = range ? s.price.slice(range.first, range.last + 1).filter((p): p is number => p !== null) : [];
  const benchmarkReturn = prices.length ? prices.at(-1)! / prices[0]! - 1 : null;
  return accountMetrics(s, track.ticks, track.config.cash, roundTrips(s.fills), benchmarkReturn);
}

/**
 * The metrics of one account's track: its equity over its span from `initial`, the given round
 * trips, and the given buy-and-hold return. `symbolMetrics` and the sum of accounts both use it.
 */
export function accountMetrics(s: SymbolTrack, ticks: readonly number[], initial: number, trips: readonly RoundTrip[], benchmarkReturn: number | null): SymbolMetrics {
  const range = spanIndexes(s, ticks);
  const equity = range ? s.equity.slice(range.first, range.last + 1) : [];
  const curve = [initial, ...equity];
  const final = curve.at(-1)!;
  const returns = equity.map((e, i) => (curve[i]! > 0 ? e / curve[i]! - 1 : 0));
  const span = spanOf(s);
  const years = span?.years ?? 0;
  const cagr = cagrOf(initial, final, years);
  const maxDrawdown = maxDrawdownOf(curve);
  const positions = range ? s.position.slice(range.first, range.last + 1) : [];
  const traded = s.fills.reduce((a, f) => a + Math.abs(f.qty * f.price), 0);
  const meanEquity = mean(curve);
  return {
    span,
    initialEquity: initial,
    finalEquity: final,
    totalPnl: final - initial,
    totalReturn: final / initial - 1,
    cagr,
    ...returnStats(returns, periodsPerYear(s.barTimesMs)),
    calmar: cagr !== null && maxDrawdown > 0 ? cagr / maxDrawdown : null,
    maxDrawdown,
    exposure: positions.length ? positions.filter((p) => p !== 0).length / positions.length : 0,
    ...tradeStats(trips),
    fees: s.fills.reduce((a, f) => a + f.fee, 0),
    fills: s.fills.length,
    turnoverPerYear: years * 365.25 >= 1 && meanEquity > 0 ? traded / meanEquity / years : null,
    benchmarkReturn,
    benchmarkCagr: benchmarkReturn === null ? null : cagrOf(1, 1 + benchmarkReturn, years),
    killSwitchTrips: s.trips.length,
    haltedBy: haltedBy(s),
  };
}

/** Every symbol's metrics (sorted by symbol) and how the session ended. */
export interface RunMetrics {
  /** SessionEnded's reason, or null when the session was stopped and can be resumed. */
  readonly endReason: RunTrack['endReason'];
  readonly symbols: Readonly<Record<string, SymbolMetrics>>;
}

/** @example runMetrics(tracker.track!).symbols.SPY.sharpe */
export function runMetrics(track: RunTrack): RunMetrics {
  const symbols: Record<string, SymbolMetrics> = {};
  for (const symbol of Object.keys(track.symbols).sort()) symbols[symbol] = symbolMetrics(track, symbol);
  return { endReason: track.endReason, symbols };
}
