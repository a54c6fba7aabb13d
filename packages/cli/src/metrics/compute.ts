import { AccountCurve, FillTotals } from './account.js';
import { accountFigures, heldReturn, type SymbolMetrics } from './figures.js';
import { BarSpacing } from './stats.js';
import { roundTrips, TradeStats, type RoundTrip } from './trades.js';
import type { RecordedTrip, RunTrack, SymbolTrack } from './track.js';

export type { Span, HaltedBy, SymbolMetrics } from './figures.js';

/** Index range [first, last] of the run's ticks that belong to the symbol: its bars, and any fill priced at its last close after them. */
export function spanIndexes(s: SymbolTrack, ticks: readonly number[]): { first: number; last: number } | null {
  if (s.firstBarIndex === null || s.lastBarIndex === null) return null;
  const lastFill = s.fills.at(-1);
  const fillIndex = lastFill === undefined ? -1 : ticks.lastIndexOf(lastFill.tick);
  return { first: s.firstBarIndex, last: Math.max(s.lastBarIndex, fillIndex) };
}

/** The account's curve over its span, folded from the track's series. */
function curveOf(s: SymbolTrack, ticks: readonly number[], initial: number): AccountCurve {
  const curve = new AccountCurve(initial);
  const range = spanIndexes(s, ticks);
  if (range === null) return curve;
  const end = Math.min(range.last + 1, s.equity.length);
  for (let i = range.first; i < end; i++) curve.tick(s.equity[i]!, s.position[i]!, s.price[i]);
  return curve;
}

/** The last trip of the kill switch halting the account at the end, or null. */
export function haltingTrip(trips: readonly RecordedTrip[], halted: string | null): RecordedTrip | null {
  if (halted === null) return null;
  for (let i = trips.length - 1; i >= 0; i--) if (trips[i]!.kind === halted) return trips[i]!;
  return null;
}

function metricsOf(s: SymbolTrack, curve: AccountCurve, trips: readonly RoundTrip[], benchmarkReturn: number | null): SymbolMetrics {
  const spacing = new BarSpacing();
  for (const t of s.barTimesMs) spacing.add(t);
  const fills = new FillTotals();
  for (const f of s.fills) fills.add(f);
  const trades = new TradeStats();
  for (const t of trips) trades.add(t);
  return accountFigures({ curve, spacing, fills, trades, benchmarkReturn, killSwitchTrips: s.trips.length, haltingTrip: haltingTrip(s.trips, s.halted) });
}

/**
 * One symbol's metrics over its own span (first bar to last), from a run's track (its whole
 * series, as `report` and `export` hold it). A run's metrics without the series come from
 * `createMetricsTracker`; both fold the same accumulators.
 *
 * @example const m = symbolMetrics(track, 'NVDA'); m.cagr // 0.171
 */
export function symbolMetrics(track: RunTrack, symbol: string): SymbolMetrics {
  const s = track.symbols[symbol]!;
  const curve = curveOf(s, track.ticks, track.config.cash);
  return metricsOf(s, curve, roundTrips(s.fills), heldReturn(curve));
}

/**
 * The metrics of one account's track: its equity over its span from `initial`, the given round
 * trips, and the given buy-and-hold return. The sum of accounts uses it.
 */
export function accountMetrics(s: SymbolTrack, ticks: readonly number[], initial: number, trips: readonly RoundTrip[], benchmarkReturn: number | null): SymbolMetrics {
  return metricsOf(s, curveOf(s, ticks, initial), trips, benchmarkReturn);
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
