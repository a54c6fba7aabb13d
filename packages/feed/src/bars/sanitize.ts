import { type Bar } from '@tickfold/core';
import { isUsableBar, keepFirstAtTime } from '@tickfold/core/internal';

/** One row as a source gave it: any field may be null, NaN or nonsense. */
export interface RawRow {
  readonly timeMs: number;
  readonly open: unknown;
  readonly high: unknown;
  readonly low: unknown;
  readonly close: unknown;
  readonly volume: unknown;
}

/** Why rows were dropped, by rule. */
export interface DropCounts {
  badTime: number;
  nonFinite: number;
  nonPositive: number;
  highBelowLow: number;
  future: number;
  forming: number;
  duplicate: number;
}

export interface Sanitized {
  /** Valid bars, oldest first, one per timestamp. */
  readonly bars: Bar[];
  readonly drops: DropCounts;
  /** Total of `drops`. */
  readonly dropped: number;
  /** Rows kept after widening high/low to take in open and close. */
  readonly repaired: number;
}

export interface SanitizeOptions {
  /** The tick's clock: bars that open after it are dropped. */
  readonly nowMs: number;
  /** Bar length: a bar whose `time + intervalMs` lies after `nowMs` is still forming. */
  readonly intervalMs: number;
  /** Keep the still-forming current bar. */
  readonly includePartial?: boolean;
}

const num = (x: unknown): number => (typeof x === 'number' ? x : NaN);

export const emptyDrops = (): DropCounts => ({ badTime: 0, nonFinite: 0, nonPositive: 0, highBelowLow: 0, future: 0, forming: 0, duplicate: 0 });

export const describeDrops = (d: DropCounts): string =>
  Object.entries(d)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ') || 'none';

/**
 * Turns raw rows into bars the engine can use; the rules are listed in the package README.
 * A row with high < low is dropped (which side is wrong cannot be known); an open or close
 * outside [low, high] is repaired by widening the range, as exchanges' auction prints do.
 * For a repeated timestamp the first row is kept, as admit keeps it (core's `keepFirstAtTime`).
 *
 * @example const { bars, dropped } = sanitizeRows(rows, { nowMs, intervalMs: 60_000 });
 */
export function sanitizeRows(rows: readonly RawRow[], opts: SanitizeOptions): Sanitized {
  const drops = emptyDrops();
  const byTime = new Map<number, Bar>();
  let repaired = 0;
  for (const r of rows) {
    if (!Number.isSafeInteger(r.timeMs)) { drops.badTime++; continue; }
    const open = num(r.open), close = num(r.close), volume = num(r.volume);
    let high = num(r.high), low = num(r.low);
    if (![open, high, low, close, volume].every(Number.isFinite)) { drops.nonFinite++; continue; }
    if (open <= 0 || high <= 0 || low <= 0 || close <= 0 || volume < 0) { drops.nonPositive++; continue; }
    if (high < low) { drops.highBelowLow++; continue; }
    if (r.timeMs > opts.nowMs) { drops.future++; continue; }
    if (!opts.includePartial && r.timeMs + opts.intervalMs > opts.nowMs) { drops.forming++; continue; }
    if (open > high || close > high || open < low || close < low) {
      high = Math.max(high, open, close);
      low = Math.min(low, open, close);
      repaired++;
    }
    if (!keepFirstAtTime(byTime, r.timeMs, { time: new Date(r.timeMs).toISOString(), open, high, low, close, volume })) drops.duplicate++;
  }
  const bars = [...byTime.entries()].sort((a, b) => a[0] - b[0]).map(([, b]) => b);
  const usable = bars.filter(isUsableBar);
  drops.nonFinite += bars.length - usable.length; // never expected: isUsableBar is the engine's own guard
  const dropped = Object.values(drops).reduce((a, b) => a + b, 0);
  return { bars: usable, drops, dropped, repaired };
}
