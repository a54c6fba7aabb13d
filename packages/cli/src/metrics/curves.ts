import { spanIndexes } from './compute.js';
import type { RunTrack } from './track.js';

/** A symbol's per-tick curves over the run's ticks (index i = the run's i-th tick); null outside its span. */
export interface SymbolCurves {
  /** Fall of equity from its running peak (the initial cash included), as a fraction. */
  readonly drawdown: (number | null)[];
  /** Buy-and-hold of the same bars with the same initial cash: bought at the first bar's close. */
  readonly benchmark: (number | null)[];
}

/**
 * Drawdown and buy-and-hold curves of one symbol, over its own span only.
 *
 * @example symbolCurves(track, 'SPY').drawdown.at(-1) // 0.031
 */
export function symbolCurves(track: RunTrack, symbol: string): SymbolCurves {
  const s = track.symbols[symbol]!;
  const initial = track.config.cash;
  const range = spanIndexes(s, track.ticks);
  const drawdown = track.ticks.map((): number | null => null);
  const benchmark = track.ticks.map((): number | null => null);
  if (range) {
    let peak = initial;
    const base = s.price[range.first];
    for (let i = range.first; i <= range.last; i++) {
      const e = s.equity[i]!;
      if (e > peak) peak = e;
      drawdown[i] = peak > 0 ? Math.max(0, 1 - e / peak) : 0;
      const p = s.price[i];
      benchmark[i] = base != null && p != null ? (initial * p) / base : null;
    }
  }
  return { drawdown, benchmark };
}

/**
 * A symbol's buy-and-hold value on every tick of the run: its cash before its span, the
 * benchmark during it, and the last value held after it.
 */
export function heldBenchmark(benchmark: readonly (number | null)[], cash: number): number[] {
  let last = cash;
  return benchmark.map((v) => (v === null ? last : (last = v)));
}

/** One fall from a peak and the way back. Times are ISO; `recovery` null while still under water. */
export interface DrawdownPeriod {
  readonly start: string;
  readonly trough: string;
  readonly recovery: string | null;
  /** Deepest fall in the period, as a fraction of the peak. */
  readonly depth: number;
  /** Calendar days from the peak to the recovery (or to the last tick while under water). */
  readonly days: number;
}

const DAY_MS = 86_400_000;

/**
 * The `count` deepest drawdown periods of an equity curve (values at `timesMs`, starting from
 * `initial` at the first time), deepest first.
 *
 * @example worstDrawdowns([t1, t2, t3], [90, 80, 101], 100, 5) // [{ start: t1's ISO, trough: t2's, recovery: t3's, depth: 0.2, … }]
 */
export function worstDrawdowns(timesMs: readonly number[], equity: readonly number[], initial: number, count: number): DrawdownPeriod[] {
  const periods: DrawdownPeriod[] = [];
  let peak = initial;
  let peakAt = timesMs[0];
  let open: { start: number; trough: number; depth: number } | null = null;
  const iso = (t: number) => new Date(t).toISOString();
  for (let i = 0; i < equity.length; i++) {
    const e = equity[i]!, t = timesMs[i]!;
    if (e >= peak) {
      if (open) periods.push({ start: iso(open.start), trough: iso(open.trough), recovery: iso(t), depth: open.depth, days: (t - open.start) / DAY_MS });
      open = null;
      peak = e;
      peakAt = t;
      continue;
    }
    const depth = peak > 0 ? 1 - e / peak : 0;
    if (!open) open = { start: peakAt ?? t, trough: t, depth };
    else if (depth > open.depth) Object.assign(open, { trough: t, depth });
  }
  if (open) periods.push({ start: iso(open.start), trough: iso(open.trough), recovery: null, depth: open.depth, days: (timesMs.at(-1)! - open.start) / DAY_MS });
  return periods.sort((a, b) => b.depth - a.depth).slice(0, count);
}

/** Compounded return of each calendar month or year (UTC) of an equity curve that starts at `initial`. */
export interface PeriodReturn {
  /** YYYY-MM or YYYY. */
  readonly period: string;
  readonly return: number;
}

/**
 * Returns per calendar month (`'month'`) or year (`'year'`): equity at the period's last tick over
 * equity at the previous period's last tick (the initial cash for the first).
 *
 * @example periodReturns(times, equity, 100_000, 'year') // [{ period: '2003', return: 0.12 }, …]
 */
export function periodReturns(timesMs: readonly number[], equity: readonly number[], initial: number, unit: 'month' | 'year'): PeriodReturn[] {
  const out: PeriodReturn[] = [];
  let base = initial;
  // A Date per period, not per tick: a tick only needs comparing with where its period ends.
  let key = '';
  let endMs = -Infinity;
  for (let i = 0; i < equity.length; i++) {
    const t = timesMs[i]!;
    if (t >= endMs) {
      const d = new Date(t);
      const y = d.getUTCFullYear(), m = d.getUTCMonth();
      key = unit === 'month' ? `${y}-${String(m + 1).padStart(2, '0')}` : String(y);
      endMs = unit === 'month' ? Date.UTC(y, m + 1, 1) : Date.UTC(y + 1, 0, 1);
    }
    const next = timesMs[i + 1];
    if (next !== undefined && next < endMs) continue;
    out.push({ period: key, return: base > 0 ? equity[i]! / base - 1 : 0 });
    base = equity[i]!;
  }
  return out;
}
