import { TickfoldError, type Bar } from '@tickfold/core';
import { badRow, type CsvProblem } from './problem.js';
import { BytesRowReader } from './bytesRow.js';
import { dayIso, dayText, END, type DayKey } from './day.js';
import type { CsvLines } from './records.js';
import { COLUMNS, readFields, type ColumnIndex, type RowValues } from './row.js';

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
}

/** A valid row: its values, its line, and its bar once someone asked for it. */
class Row implements RowValues {
  day = 0;
  open = 0;
  high = 0;
  low = 0;
  close = 0;
  volume = 0;
  repaired = false;
  line = 0;
  bar: Bar | undefined;
}

const NONE: CsvProblem[] = [];

// Names of columns look like this; anything else on line 1 is not echoed (it could be any file's content).
const COLUMN_NAME = /^[A-Za-z][A-Za-z0-9 _.-]{0,30}$/;
const describeHeader = (fields: readonly string[]): string =>
  fields.length <= 12 && fields.every((h) => COLUMN_NAME.test(h.trim())) ? `'${fields.join(',')}'` : `(line 1 is not a CSV header: ${fields.length} field(s), not shown)`;

/**
 * Bars from the lines of a CSV source in Yahoo's download format, one row at a time with one
 * row of lookahead, so memory does not grow with the file. Rows must run oldest first: a row is
 * dropped (never moved) when its date is not after the previous kept row's, or when it lies
 * after the next row's although that one follows the previous kept row (a mistyped date). Every
 * dropped row is reported with its line and reason. Rows are read from bytes into a few reused
 * slots (see `BytesRowReader`) and a bar object is built only for a row that `peek` or `take`
 * hands out, so counting a file allocates nothing per row.
 *
 * @example const bars = csvBars(new CsvLines(fileChunks(path), 'orcl.csv', () => fileChunks(path)), 'orcl.csv'); bars.take()
 */
export function csvBars(lines: CsvLines, file: string, opts: CsvBarsOptions = {}): CsvBars {
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
  const adjusted = opts.adjusted ?? false;
  const bytes = new BytesRowReader(names.length, col, adjusted);

  let problems: CsvProblem[] = [];
  let repaired = 0;
  const report = (line: number, reason: string, field?: string) => {
    const p: CsvProblem = field === undefined ? { file, line, reason } : { file, line, reason, field };
    if (opts.strict) throw badRow(p);
    problems.push(p);
  };
  // Rows leave the four roles below for this list and are filled again from it.
  const free: Row[] = [];
  const release = (row: Row) => {
    row.bar = undefined;
    free.push(row);
  };
  /** The next row that is a valid bar by itself. */
  const readValid = (): Row | undefined => {
    const row = free.pop() ?? new Row();
    while (lines.next()) {
      if (lines.fields === undefined && bytes.read(lines.buf, lines.start, lines.end, row)) {
        row.line = lines.line;
        if (row.repaired) repaired++;
        return row;
      }
      const fields = lines.fieldStrings();
      if (fields.length !== names.length) { report(lines.line, `expected ${names.length} fields, found ${fields.length}`); continue; }
      const problem = readFields(fields, col, adjusted, row);
      if (problem) { report(lines.line, problem.problem, problem.field); continue; }
      row.line = lines.line;
      if (row.repaired) repaired++;
      return row;
    }
    free.push(row);
    return undefined;
  };

  let prev: Row | undefined;
  let candidate: Row | undefined;
  let lookahead: Row | undefined;
  let ready: Row | undefined;
  const peekDay = (): DayKey => {
    while (!ready) {
      candidate ??= readValid();
      if (!candidate) return END;
      const c = candidate;
      if (prev && c.day <= prev.day) {
        report(c.line, c.day === prev.day
          ? `duplicate date ${dayText(c.day)} (first on line ${prev.line}); the first row is kept`
          : `date ${dayText(c.day)} is before the previous row's ${dayText(prev.day)} (line ${prev.line}); rows must run oldest first, so it is dropped, not moved`, 'Date');
        release(c);
        candidate = undefined;
        continue;
      }
      lookahead ??= readValid();
      const n = lookahead;
      if (n && n.day < c.day && (!prev || n.day > prev.day)) {
        report(c.line, `date ${dayText(c.day)} is after the next row's ${dayText(n.day)} (line ${n.line}); rows must run oldest first, so it is dropped, not moved`, 'Date');
        release(c);
        candidate = n;
        lookahead = undefined;
        continue;
      }
      ready = c;
      candidate = lookahead;
      lookahead = undefined;
    }
    return ready.day;
  };
  const peek = (): Bar | undefined => {
    if (peekDay() === END) return undefined;
    const r = ready!;
    r.bar ??= { time: dayIso(r.day), open: r.open, high: r.high, low: r.low, close: r.close, volume: r.volume };
    return r.bar;
  };
  const skip = (): void => {
    if (peekDay() === END) return;
    if (prev) release(prev);
    prev = ready;
    ready = undefined;
  };
  return {
    peek,
    peekDay,
    skip,
    take() {
      const bar = peek();
      skip();
      return bar;
    },
    drainProblems() {
      if (problems.length === 0) return NONE;
      // Only rows before the next bar: the lookahead may have read past it.
      const cut = ready?.line ?? Infinity;
      const out = problems.filter((p) => p.line < cut).sort((a, b) => a.line - b.line);
      problems = out.length === problems.length ? [] : problems.filter((p) => p.line >= cut);
      return out;
    },
    get repaired() {
      return repaired;
    },
  };
}
