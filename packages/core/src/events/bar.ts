import { Type, type Static } from '@sinclair/typebox';

/**
 * The form of an ISO-8601 UTC instant with milliseconds, as `toISOString()` writes it. The one
 * definition: the `IsoTime` schema and admit's `isIsoInstant` (which config loading uses) test it.
 */
export const ISO_INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * YYYY-MM-DD naming a real day of the proleptic Gregorian calendar (the one `Date` uses), checked
 * without a Date: every CSV row and every bar passes here. The one definition: admit's
 * `isIsoInstant`, the CSV feed's rows and from/to bounds, and the CLI's --from/--to use it; a
 * property test holds it equal to a round trip through Date.
 */
export function isCalendarDate(date: string): boolean {
  return CALENDAR_DATE.test(date) && isDayOfDate(date);
}

/** The number written by `length` ASCII digits of `s` from `at` (the caller has matched a pattern of digits there): no substring, no match array. */
export function digitsAt(s: string, at: number, length: number): number {
  let n = 0;
  for (let i = at; i < at + length; i++) n = n * 10 + s.charCodeAt(i) - 48;
  return n;
}

/** Whether the `YYYY-MM-DD` at the start of `s` (digits already matched by a pattern) names a real day. */
export function isDayOfDate(s: string): boolean {
  const year = digitsAt(s, 0, 4);
  const month = digitsAt(s, 5, 2);
  const day = digitsAt(s, 8, 2);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Days in a month (1–12) of a proleptic Gregorian year. */
export function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`), by integer
 * arithmetic: what `Date.parse` counts, for every year (`Date.UTC` reads years 0–99 as 1900–1999).
 * The CSV feed's clock and the metrics' time reading use it, once per tick or bar.
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);
const DAY_MS = 86_400_000;
const DAY_OF_MONTH = Array.from({ length: 32 }, (_, day) => pad2(day));
const MIDNIGHT = 'T00:00:00.000Z';

// The last instant formatted and its text: the engine formats each tick's instant once, and a CSV
// feed's bars of that tick (00:00 UTC of the tick's day) ask for the same instant.
let lastMs = NaN;
let lastIso = '';

/**
 * `new Date(ms).toISOString()`. The instant asked for last is answered with the very string made
 * for it: a tick's time and its bars' times are then one string, built, flattened and compared once.
 */
export function isoOfMs(ms: number): string {
  if (ms !== lastMs) {
    lastIso = formatIso(ms);
    lastMs = ms;
  }
  return lastIso;
}

/**
 * The epoch ms of `iso` when it is the text `isoOfMs` made last (a reader of the events a tick
 * has just stamped, such as the CLI's metrics, then reads the time without parsing it); undefined
 * otherwise. Only for whole ms, as `Date.parse` reads them back (and 0 for -0).
 */
export function lastFormattedMs(iso: string): number | undefined {
  return iso === lastIso && Number.isInteger(lastMs) ? lastMs + 0 : undefined;
}

/** A calendar month: its first instant, the next month's, and its text `YYYY-MM-`. */
interface Month {
  readonly startMs: number;
  readonly endMs: number;
  readonly text: string;
}

// The month of the last instant formatted: a run's ticks come in order, a month's worth in a row.
let month: Month = { startMs: NaN, endMs: NaN, text: '' };

/**
 * `new Date(ms).toISOString()` for an instant in years 0000–9999: the date from the month it
 * falls in (worked out once a month, see `monthOf`), the time of day by integer arithmetic.
 * Other years (which toISOString writes with six digits and a sign) and non-integers go through
 * Date; property tests hold the two equal over the whole range Date covers, in order and not.
 */
function formatIso(ms: number): string {
  if (!Number.isInteger(ms)) return new Date(ms).toISOString();
  if (!(ms >= month.startMs && ms < month.endMs)) {
    const m = monthOf(ms);
    if (m === null) return new Date(ms).toISOString();
    month = m;
  }
  const sinceMonthMs = ms - month.startMs;
  const day = Math.floor(sinceMonthMs / DAY_MS);
  const sinceMidnightMs = sinceMonthMs - day * DAY_MS;
  return month.text + DAY_OF_MONTH[day + 1] + (sinceMidnightMs === 0 ? MIDNIGHT : timeOfDay(sinceMidnightMs));
}

/** `THH:MM:SS.mmmZ` of a time of day in ms (0 to one day). */
function timeOfDay(sinceMidnightMs: number): string {
  let rest = sinceMidnightMs;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return `T${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${pad3(rest - seconds * 1000)}Z`;
}

/**
 * The month an instant falls in, by Hinnant's `civil_from_days` (the inverse of
 * `daysFromCivil`); null outside years 0000–9999.
 */
function monthOf(ms: number): Month | null {
  const z = Math.floor(ms / DAY_MS) + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const m = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (m <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) return null;
  const yyyy = year < 10 ? `000${year}` : year < 100 ? `00${year}` : year < 1000 ? `0${year}` : `${year}`;
  return {
    startMs: daysFromCivil(year, m, 1) * DAY_MS,
    endMs: (m === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, m + 1, 1)) * DAY_MS,
    text: `${yyyy}-${pad2(m)}-`,
  };
}

/**
 * Symbols as Yahoo spells them: SPY, BRK-B, EURUSD=X, ^GSPC, OCDO.L. The one definition: the
 * `Symbol` schema, the CSV feed's file-name rule and its options schema use it.
 */
export const SYMBOL_PATTERN = /^[A-Z0-9^][A-Z0-9.=^-]{0,19}$/;

/** ISO-8601 UTC instant with milliseconds, e.g. `2024-01-02T00:00:00.000Z`. */
export const IsoTime = Type.String({
  pattern: ISO_INSTANT_PATTERN.source,
  description: 'UTC instant as produced by Date.prototype.toISOString()',
});

/** A finite price strictly above zero. */
export const Price = Type.Number({ exclusiveMinimum: 0 });

/** A symbol, see `SYMBOL_PATTERN`. */
export const Symbol = Type.String({ pattern: SYMBOL_PATTERN.source });

/** One OHLCV bar. `time` is the bar's open time. Sanitized: low <= open, close <= high. */
export const Bar = Type.Object(
  {
    time: IsoTime,
    open: Price,
    high: Price,
    low: Price,
    close: Price,
    volume: Type.Number({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type Bar = Static<typeof Bar>;
