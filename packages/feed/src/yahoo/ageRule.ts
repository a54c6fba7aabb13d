import { TickfoldError } from '@tickfold/core';
import { staleLimitMs } from '@tickfold/core/internal';
import { INTERVAL_MS, type Interval } from './options.js';

/**
 * Refuses a Yahoo setup under which no poll could ever succeed: a complete bar is at least one
 * interval old at the tick (its open time + interval has passed), so an age limit of one
 * interval or less rejects every bar as stale (1h bars with the 1 h intraday default, weekly
 * bars with the 5-day daily one). The limit is the engine's own (core's `staleLimitMs` for a
 * spacing of one interval), so the feed and admit() agree.
 *
 * @example assertAgeLimitFits('1h', null, false) // throws E_CONFIG_INVALID
 */
export function assertAgeLimitFits(interval: Interval, maxDataAgeMs: number | null, includePartial: boolean): void {
  if (includePartial) return; // the still-forming bar is younger than one interval
  const intervalMs = INTERVAL_MS[interval];
  const limitMs = staleLimitMs(maxDataAgeMs, intervalMs);
  if (limitMs > intervalMs) return;
  const limit = maxDataAgeMs === null ? `the default age limit of ${limitMs / 3_600_000} h` : `data.maxDataAgeMs ${maxDataAgeMs}`;
  throw new TickfoldError(
    'E_CONFIG_INVALID',
    `/feed/options/interval '${interval}' cannot work with ${limit}: a complete ${interval} bar is already ${intervalMs / 60_000} min old when it can be used, so every poll would fall back as 'stale'. ` +
      `Set --max-data-age (/data/maxDataAgeMs) above ${intervalMs / 60_000} min, e.g. ${(2 * intervalMs) / 60_000} min, or choose a shorter interval.`,
    { pointers: ['/feed/options/interval', '/data/maxDataAgeMs'], interval, maxDataAgeMs, limitMs },
  );
}
