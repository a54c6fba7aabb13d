import { isCalendarDate } from '@tickfold/core/internal';
import { isoDay, type DayKey } from './day.js';

export const COLUMNS = ['date', 'open', 'high', 'low', 'close', 'adj close', 'volume'] as const;
export type Column = (typeof COLUMNS)[number];
/** Index of each column in the file's header; -1 when absent. */
export type ColumnIndex = Readonly<Record<Column, number>>;

/** A row read into numbers: the reader fills one of a few of these per row, never a new object. */
export interface RowValues {
  day: DayKey;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** The range was widened to hold open and close. */
  repaired: boolean;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const num = (raw: string | undefined): number => {
  const t = raw === undefined ? '' : raw.trim();
  return NUMBER.test(t) ? Number(t) : NaN;
};

/** A bad row: what is wrong, and the header name of the field at fault (none for the row's shape). */
export type RowProblem = { readonly problem: string; readonly field?: string };

const HEADER_NAMES: Readonly<Record<Column, string>> = { date: 'Date', open: 'Open', high: 'High', low: 'Low', close: 'Close', 'adj close': 'Adj Close', volume: 'Volume' };

/**
 * The checks once every field is a finite number (and Adj Close, when `adj` is given, above
 * zero): prices scaled by Adj Close / Close when adjusted, above zero, volume not negative, high
 * not below low; an open or close outside [low, high] widens the range, as the sanitizer does for
 * every feed. Fills `out` (its day excepted) or says what is wrong. Both ways of reading a row,
 * from bytes and from strings, end here.
 */
export function checkPrices(out: RowValues, open: number, high: number, low: number, close: number, volume: number, adj: number | undefined): RowProblem | undefined {
  if (adj !== undefined) {
    const k = close > 0 ? adj / close : NaN;
    open *= k;
    high *= k;
    low *= k;
    close *= k;
  }
  const nonPositive = !(open > 0) ? 'open' : !(high > 0) ? 'high' : !(low > 0) ? 'low' : !(close > 0) ? 'close' : volume < 0 ? 'volume' : undefined;
  if (nonPositive) return { problem: 'prices must be above zero and volume not negative', field: HEADER_NAMES[nonPositive] };
  if (high < low) return { problem: `High ${high} is below Low ${low}`, field: 'High' };
  const repaired = open > high || close > high || open < low || close < low;
  out.open = open;
  out.high = repaired ? Math.max(high, open, close) : high;
  out.low = repaired ? Math.min(low, open, close) : low;
  out.close = close;
  out.volume = volume;
  out.repaired = repaired;
  return undefined;
}

/**
 * One data row given as strings (csv-parse's records, or a line the byte reader leaves to this
 * one) into `out`, or what is wrong with it, naming the first field at fault in column order.
 *
 * @example readFields(['2003-01-02', '10.94', '11.25', '10.8', '11.21', '9.97', '32064900'], col, false, out)
 */
export function readFields(record: readonly string[], col: ColumnIndex, adjusted: boolean, out: RowValues): RowProblem | undefined {
  const date = (record[col.date] ?? '').trim();
  if (!isCalendarDate(date)) return { problem: `Date '${date}' is not a calendar date YYYY-MM-DD`, field: 'Date' };
  // Field by field, not a map over PRICES: every row of a file with quotes comes this way.
  const open = num(record[col.open]);
  const high = num(record[col.high]);
  const low = num(record[col.low]);
  const close = num(record[col.close]);
  const volume = num(record[col.volume]);
  const bad = !Number.isFinite(open) ? 'open' : !Number.isFinite(high) ? 'high' : !Number.isFinite(low) ? 'low' : !Number.isFinite(close) ? 'close' : !Number.isFinite(volume) ? 'volume' : undefined;
  if (bad) return { problem: `${bad} '${record[col[bad]]}' is not a finite number`, field: HEADER_NAMES[bad] };
  let adj: number | undefined;
  if (adjusted) {
    adj = num(record[col['adj close']]);
    if (!(adj > 0)) return { problem: `Adj Close '${record[col['adj close']]}' is not a positive number (needed for adjusted prices)`, field: 'Adj Close' };
  }
  out.day = isoDay(date);
  return checkPrices(out, open, high, low, close, volume, adj);
}
