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
