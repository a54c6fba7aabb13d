import type { Bar } from '@tickfold/core';
import { isCalendarDate } from '@tickfold/core/internal';

export const COLUMNS = ['date', 'open', 'high', 'low', 'close', 'adj close', 'volume'] as const;
export type Column = (typeof COLUMNS)[number];
/** Index of each column in the file's header; -1 when absent. */
export type ColumnIndex = Readonly<Record<Column, number>>;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const num = (raw: string | undefined): number => {
  const t = raw === undefined ? '' : raw.trim();
  return NUMBER.test(t) ? Number(t) : NaN;
};

/** A bad row: what is wrong, and the header name of the field at fault (none for the row's shape). */
export type RowProblem = { readonly problem: string; readonly field?: string };
export type RowResult = { readonly bar: Bar; readonly repaired: boolean } | RowProblem;

const HEADER_NAMES: Readonly<Record<Column, string>> = { date: 'Date', open: 'Open', high: 'High', low: 'Low', close: 'Close', 'adj close': 'Adj Close', volume: 'Volume' };

/**
 * One data row as a bar, or what is wrong with it. An open or close outside [low, high] is
 * repaired by widening the range, as the sanitizer does for every feed; high < low is refused.
 *
 * @example readRow(['2003-01-02', '10.94', '11.25', '10.8', '11.21', '9.97', '32064900'], col, false)
 */
export function readRow(record: readonly string[], col: ColumnIndex, adjusted: boolean): RowResult {
  const date = (record[col.date] ?? '').trim();
  if (!isCalendarDate(date)) return { problem: `Date '${date}' is not a calendar date YYYY-MM-DD`, field: 'Date' };
  // Field by field, not a map over PRICES: this runs for every row of every file, twice.
  let open = num(record[col.open]);
  let high = num(record[col.high]);
  let low = num(record[col.low]);
  let close = num(record[col.close]);
  const volume = num(record[col.volume]);
  const bad = !Number.isFinite(open) ? 'open' : !Number.isFinite(high) ? 'high' : !Number.isFinite(low) ? 'low' : !Number.isFinite(close) ? 'close' : !Number.isFinite(volume) ? 'volume' : undefined;
  if (bad) return { problem: `${bad} '${record[col[bad]]}' is not a finite number`, field: HEADER_NAMES[bad] };
  if (adjusted) {
    const adj = num(record[col['adj close']]);
    if (!(adj > 0)) return { problem: `Adj Close '${record[col['adj close']]}' is not a positive number (needed for adjusted prices)`, field: 'Adj Close' };
    const k = close > 0 ? adj / close : NaN;
    [open, high, low, close] = [open * k, high * k, low * k, close * k];
  }
  const nonPositive = !(open > 0) ? 'open' : !(high > 0) ? 'high' : !(low > 0) ? 'low' : !(close > 0) ? 'close' : volume < 0 ? 'volume' : undefined;
  if (nonPositive) return { problem: 'prices must be above zero and volume not negative', field: HEADER_NAMES[nonPositive] };
  if (high < low) return { problem: `High ${high} is below Low ${low}`, field: 'High' };
  const repaired = open > high || close > high || open < low || close < low;
  if (repaired) [high, low] = [Math.max(high, open, close), Math.min(low, open, close)];
  return { bar: { time: `${date}T00:00:00.000Z`, open, high, low, close, volume }, repaired };
}
