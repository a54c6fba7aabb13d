import type { Bar } from '../events/index.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Daily bars: five days covers a weekend plus a holiday on either side. */
const DAILY_MAX_AGE_MS = 5 * DAY_MS;

/**
 * The staleness limit: the configured one (`data.maxDataAgeMs`), else inferred from the bar
 * spacing (1 h for intraday bars, 5 days for daily ones). The one home of this rule: admit
 * (core), the feed's `checkBars` (feed/bars/freshness.ts) and the Yahoo setup check
 * (feed/yahoo/ageRule.ts) all ask it, so a feed and the engine never disagree on "stale".
 *
 * @example staleLimitMs(null, 60_000) // 3_600_000
 */
export function staleLimitMs(configuredMs: number | null, spacingMs: number): number {
  if (configuredMs !== null) return configuredMs;
  return spacingMs >= DAY_MS ? DAILY_MAX_AGE_MS : HOUR_MS;
}

/** The spacing of bars, oldest first: the smallest positive gap among the newest six; Infinity with fewer than two. */
export function barSpacingMs(bars: readonly Bar[]): number {
  let spacing = Infinity;
  const from = Math.max(1, bars.length - 5);
  let previous = from < bars.length ? Date.parse(bars[from - 1]!.time) : NaN;
  for (let i = from; i < bars.length; i++) {
    const t = Date.parse(bars[i]!.time);
    const d = t - previous;
    previous = t;
    if (d > 0 && d < spacing) spacing = d;
  }
  return spacing;
}

/**
 * Why the newest bar (`latestTime`) is too old at `nowMs`, or null when it is within `limitMs`.
 * `withClock` adds the time of the check, for feeds whose rejection is read without a tick.
 */
export function staleness(latestTime: string, nowMs: number, limitMs: number, withClock = false): string | null {
  const ageMs = nowMs - Date.parse(latestTime);
  if (!(ageMs > limitMs)) return null;
  const at = withClock ? ` at ${new Date(nowMs).toISOString()}` : '';
  return `latest bar ${latestTime} is ${Math.round(ageMs / 1000)} s old${at}; the limit is ${Math.round(limitMs / 1000)} s`;
}
