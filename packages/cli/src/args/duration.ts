import { TickfoldError } from '@tickfold/core';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a duration such as `500ms`, `60s`, `5m`, `2h`, `1d` or `1h30m` into whole milliseconds.
 * A bare number is rejected: "60" could mean seconds or milliseconds.
 *
 * @example parseDuration('--poll-interval', '1m30s') // 90000
 */
export function parseDuration(flag: string, value: string): number {
  const text = value.trim();
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let end = 0;
  for (let m = part.exec(text); m; m = part.exec(text)) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    end = part.lastIndex;
  }
  const ms = Math.round(total);
  if (text === '' || end !== text.length || !(ms >= 1) || !Number.isSafeInteger(ms)) {
    throw new TickfoldError(
      'E_FLAG_INVALID',
      `${flag} ${JSON.stringify(value)} is not a duration; write a number with a unit (ms, s, m, h, d), for example: ${flag} 60s or ${flag} 1h30m`,
      { flag, value },
    );
  }
  return ms;
}
