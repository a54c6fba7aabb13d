import { type Bar, type FallbackReason } from '@tickfold/core';
import { barSpacingMs, staleLimitMs, staleness } from '@tickfold/core/internal';

export interface Rejection {
  readonly reason: FallbackReason;
  readonly message: string;
}

export interface FreshnessRules {
  readonly minBars: number;
  /** null: the engine's rule (1 h for intraday bars, 5 days for daily ones, which spans a weekend plus a holiday). */
  readonly maxDataAgeMs: number | null;
}

/**
 * Rejects a sanitized response that is too short for the strategies or whose latest bar is
 * older than the limit at the tick's clock. Null when the bars are acceptable.
 *
 * @example const bad = checkBars(bars, { minBars: 50, maxDataAgeMs: null }, req.timeMs);
 */
export function checkBars(bars: readonly Bar[], rules: FreshnessRules, nowMs: number): Rejection | null {
  if (bars.length < rules.minBars) {
    return { reason: 'too-few-bars', message: `${bars.length} valid bars, at least ${rules.minBars} needed (minBars)` };
  }
  const latest = bars[bars.length - 1];
  if (latest === undefined) return null;
  // The engine's own rule (core's staleLimitMs), so the feed and admit() never disagree.
  const stale = staleness(latest.time, nowMs, staleLimitMs(rules.maxDataAgeMs, barSpacingMs(bars)), true);
  return stale === null ? null : { reason: 'stale', message: `${stale} (data.maxDataAgeMs / --max-data-age)` };
}

/** Bars strictly newer than `lastBarTime` (ISO strings compare in time order). */
export const newerThan = (bars: readonly Bar[], lastBarTime: string | null): Bar[] =>
  lastBarTime === null ? [...bars] : bars.filter((b) => b.time > lastBarTime);
