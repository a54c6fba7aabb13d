import { daysFromCivil, daysInMonth, lastFormattedMs } from '@tickfold/core/internal';

const DAY_MS = 86_400_000;
const ZERO = 48;

/** The number written by `count` digits of `s` from `from`; NaN if one is not a digit. */
function digits(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - ZERO;
    if (c < 0 || c > 9) return NaN;
    n = n * 10 + c;
  }
  return n;
}

/**
 * `Date.parse` of a `toISOString()` instant (`2024-01-02T00:00:00.000Z`), read digit by digit: a
 * tracker reads one per bar, and `Date.parse` costs several times as much. The instant the engine
 * stamped last (a run's tracker reads each tick's bars just after) is known without reading it.
 * Anything else (another form, a field out of range) goes to `Date.parse` itself; property tests
 * hold the two equal.
 */
export function isoMs(s: string): number {
  const known = lastFormattedMs(s);
  if (known !== undefined) return known;
  if (s.length !== 24 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 ||
    s.charCodeAt(16) !== 58 || s.charCodeAt(19) !== 46 || s.charCodeAt(23) !== 90) return Date.parse(s);
  const y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2), h = digits(s, 11, 2), mi = digits(s, 14, 2), sec = digits(s, 17, 2), ms = digits(s, 20, 3);
  // A non-digit (NaN fails every test below), a day the month does not have, hour 24 and the like are Date.parse's to judge.
  if (!(mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) && h <= 23 && mi <= 59 && sec <= 59 && y >= 0 && ms >= 0)) return Date.parse(s);
  return daysFromCivil(y, mo, d) * DAY_MS + ((h * 60 + mi) * 60 + sec) * 1000 + ms;
}
