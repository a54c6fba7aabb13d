import { TickfoldError, type Bar } from '@tickfold/core';
import { BlockBars } from './blockBars.js';
import type { DayKey } from './day.js';
import type { CsvProblem } from './problem.js';
import type { CsvLines } from './records.js';
import { COLUMNS, type ColumnIndex } from './row.js';

export interface CsvBarsOptions {
  /** Scale open, high, low and close by Adj Close / Close. */
  readonly adjusted?: boolean;
  /** Throw E_CSV_BAD_ROW at the first bad row instead of skipping and reporting it. */
  readonly strict?: boolean;
}

/** The valid bars of one CSV source in date order, read as they are needed. */
export interface CsvBars {
  /** The next bar, not consumed; undefined at the end. */
  peek(): Bar | undefined;
  /** Consumes the next bar. */
  take(): Bar | undefined;
  /** The day of the next bar, END at the end: `peek` without building the bar. */
  peekDay(): DayKey;
  /** Consumes the next bar without building it. */
  skip(): void;
  /**
   * Rows dropped since the last call that lie before the next bar, in file order: so each is
   * reported with the last good row before it (the first bar, for rows before any).
   */
  drainProblems(): CsvProblem[];
  /** Rows kept with their range widened (open or close outside [low, high]). */
  readonly repaired: number;
  /** Stops reading: the file is closed now rather than when its end is read. */
  close(): void;
}

/** Kept rows read ahead per fill when nothing forces one at a time (strict mode does). */
export const BLOCK_ROWS = 512;

// Names of columns look like this; anything else on line 1 is not echoed (it could be any file's content).
const COLUMN_NAME = /^[A-Za-z][A-Za-z0-9 _.-]{0,30}$/;
const describeHeader = (fields: readonly string[]): string =>
  fields.length <= 12 && fields.every((h) => COLUMN_NAME.test(h.trim())) ? `'${fields.join(',')}'` : `(line 1 is not a CSV header: ${fields.length} field(s), not shown)`;

/**
 * Bars from the lines of a CSV source in Yahoo's download format, read a block of rows ahead, so
 * memory does not grow with the file. Rows must run oldest first: a row is dropped (never moved)
 * when its date is not after the previous kept row's, or when it lies after the next row's
 * although that one follows the previous kept row (a mistyped date). Every dropped row is
 * reported with its line and reason. Rows are read from bytes into two reused slots (see
 * `BytesRowReader`) and kept ones into a block of columns; a bar object is built only for a row
 * that `peek` or `take` hands out, so counting a file allocates nothing per row. With `strict`
 * the block is one row, so the first bad row throws exactly when a row-by-row reader would.
 *
 * @example const bars = csvBars(new CsvLines(fileChunks(path), 'orcl.csv', () => fileChunks(path)), 'orcl.csv'); bars.take()
 */
export function csvBars(lines: CsvLines, file: string, opts: CsvBarsOptions = {}, blockRows = BLOCK_ROWS): CsvBars {
  const header = lines.next() ? lines.fieldStrings() : undefined;
  const names = header?.map((h) => h.trim().toLowerCase()) ?? [];
  const col = Object.fromEntries(COLUMNS.map((c) => [c, names.indexOf(c)])) as ColumnIndex;
  const missing = COLUMNS.filter((c) => col[c] < 0 && (c !== 'adj close' || opts.adjusted));
  if (!header || missing.length > 0) {
    throw new TickfoldError(
      'E_CSV_HEADER',
      `${file}:1: the header ${header ? describeHeader(header) : '(empty file)'} lacks ${missing.join(', ') || 'every column'}; expected Yahoo's download format 'Date,Open,High,Low,Close,Adj Close,Volume'`,
      { file, line: 1 },
    );
  }
  return new BlockBars(lines, file, names.length, col, opts.adjusted ?? false, opts.strict ?? false, opts.strict ? 1 : blockRows);
}
