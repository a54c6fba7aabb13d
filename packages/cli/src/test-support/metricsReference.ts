/**
 * The metrics as they were computed before they streamed: whole per-tick arrays, sliced to the
 * span, two-pass standard deviation, median of a sorted copy. Kept only as the reference the
 * streaming metrics are proven equal to (metrics/stream.props.spec.ts); not used by the CLI.
 */
import { roundTrips, type RoundTrip } from '../metrics/trades.js';
import type { RunTrack, SymbolTrack } from '../metrics/track.js';
import type { SymbolMetrics } from '../metrics/compute.js';
import { summedAccount } from '../metrics/sum.js';

const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;
const RELATIVE_NOISE = 1e-9;

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function barIntervalMs(barTimesMs: readonly number[]): number | null {
  const gaps = barTimesMs.slice(1).map((t, i) => t - barTimesMs[i]!).filter((d) => d > 0);
  return gaps.length ? median(gaps) : null;
}

function periodsPerYear(barTimesMs: readonly number[]): number {
  const interval = barIntervalMs(barTimesMs);
  if (interval === null || interval >= 20 * 3_600_000) return 252;
  return (252 * 6.5 * 3_600_000) / interval;
}

function maxDrawdownOf(curve: readonly number[]): number {
  let peak = -Infinity;
  let worst = 0;
  for (const e of curve) {
    if (e > peak) peak = e;
    if (peak > 0) worst = Math.max(worst, 1 - e / peak);
  }
  return worst;
}

function cagrOf(initial: number, final: number, years: number): number | null {
  if (years * 365.25 < 1 || initial <= 0 || final <= 0) return null;
  const x = (final / initial) ** (1 / years) - 1;
  return Number.isFinite(x) ? x : null;
}

/** The two-pass formula: the mean first, then the squared deviations from it. */
export function referenceReturnStats(returns: readonly number[], perYear: number): { volatility: number; sharpe: number | null; sortino: number | null } {
  if (returns.length === 0) return { volatility: 0, sharpe: null, sortino: null };
  const m = mean(returns);
  const rawSd = returns.length > 1 ? Math.sqrt(returns.reduce((a, r) => a + (r - m) ** 2, 0) / (returns.length - 1)) : 0;
  const sd = rawSd <= RELATIVE_NOISE * Math.abs(m) ? 0 : rawSd;
  const downside = Math.sqrt(mean(returns.map((r) => Math.min(r, 0) ** 2)));
  return {
    volatility: sd * Math.sqrt(perYear),
    sharpe: sd > 0 ? (m / sd) * Math.sqrt(perYear) : null,
    sortino: downside > 0 ? (m / downside) * Math.sqrt(perYear) : null,
  };
}

function spanIndexes(s: SymbolTrack, ticks: readonly number[]): { first: number; last: number } | null {
  if (s.firstBarIndex === null || s.lastBarIndex === null) return null;
  const lastFill = s.fills.at(-1);
  const fillIndex = lastFill === undefined ? -1 : ticks.lastIndexOf(lastFill.tick);
  return { first: s.firstBarIndex, last: Math.max(s.lastBarIndex, fillIndex) };
}

function spanOf(s: SymbolTrack) {
  if (s.barTimesMs.length === 0) return null;
  const from = s.barTimesMs[0]!, to = s.barTimesMs.at(-1)!;
  const interval = barIntervalMs(s.barTimesMs) ?? 0;
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), bars: s.barTimesMs.length, years: (to - from + interval) / YEAR_MS };
}

function haltedBy(s: SymbolTrack) {
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

function accountMetrics(s: SymbolTrack, ticks: readonly number[], initial: number, trips: readonly RoundTrip[], benchmarkReturn: number | null): SymbolMetrics {
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
    ...referenceReturnStats(returns, periodsPerYear(s.barTimesMs)),
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

/** One symbol's metrics from whole arrays, as before streaming. */
export function referenceSymbolMetrics(track: RunTrack, symbol: string): SymbolMetrics {
  const s = track.symbols[symbol]!;
  const range = spanIndexes(s, track.ticks);
  const prices = range ? s.price.slice(range.first, range.last + 1).filter((p): p is number => p !== null) : [];
  const benchmarkReturn = prices.length ? prices.at(-1)! / prices[0]! - 1 : null;
  return accountMetrics(s, track.ticks, track.config.cash, roundTrips(s.fills), benchmarkReturn);
}

/** The sum of the accounts' metrics from whole arrays, as before. */
export function referenceSumOfAccountsMetrics(track: RunTrack): SymbolMetrics {
  const { account, initial, trips, benchmarkReturn } = summedAccount(track);
  return accountMetrics(account, track.ticks, initial, trips, benchmarkReturn);
}
