import { type Bar, type Config, type FallbackReason } from '@tickfold/core';
import { maxDataAgeMs } from '@tickfold/core/internal';

export interface Rejection {
  readonly reason: FallbackReason;
  readonly message: string;
}

export interface FreshnessRules {
  readonly minBars: number;
  /** null: the engine's rule (1 h for intraday bars, 5 days for daily ones, which spans a weekend plus a holiday). */
  readonly maxDataAgeMs: number | null;
}

/** The engine's staleness limit for these bars, so the feed and admit() never disagree. */
export const ageLimitMs = (limitMs: number | null, bars: readonly Bar[]): number =>
  maxDataAgeMs({ data: { minBars: 1, maxDataAgeMs: limitMs } } as Pick<Config, 'data'> as Config, bars);

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
  const ageMs = nowMs - Date.parse(latest.time);
  const limitMs = ageLimitMs(rules.maxDataAgeMs, bars);
  if (ageMs > limitMs) {
    return {
      reason: 'stale',
      message: `latest bar ${latest.time} is ${Math.round(ageMs / 1000)} s old at ${new Date(nowMs).toISOString()}; the limit is ${Math.round(limitMs / 1000)} s (data.maxDataAgeMs / --max-data-age)`,
    };
  }
  return null;
}

/** Bars strictly newer than `lastBarTime` (ISO strings compare in time order). */
export const newerThan = (bars: readonly Bar[], lastBarTime: string | null): Bar[] =>
  lastBarTime === null ? [...bars] : bars.filter((b) => b.time > lastBarTime);
