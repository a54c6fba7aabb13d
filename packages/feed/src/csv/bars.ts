import { TickfoldError, type Bar } from '@tickfold/core';
import { badRow, type CsvProblem } from './problem.js';
import type { CsvRecord } from './records.js';
import { COLUMNS, readRow, type ColumnIndex } from './row.js';

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
  /**
   * Rows dropped since the last call that lie before the next bar, in file order: so each is
   * reported with the last good row before it (the first bar, for rows before any).
   */
  drainProblems(): CsvProblem[];
  /** Rows kept with their range widened (open or close outside [low, high]). */
  readonly repaired: number;
}

type Row = { readonly bar: Bar; readonly line: number };
const NONE: CsvProblem[] = [];
const day = (iso: string) => iso.slice(0, 10);

// Names of columns look like this; anything else on line 1 is not echoed (it could be any file's content).
const COLUMN_NAME = /^[A-Za-z][A-Za-z0-9 _.-]{0,30}$/;
const describeHeader = (fields: readonly string[]): string =>
  fields.length <= 12 && fields.every((h) => COLUMN_NAME.test(h.trim())) ? `'${fields.join(',')}'` : `(line 1 is not a CSV header: ${fields.length} field(s), not shown)`;

/**
 * Bars from a stream of CSV records in Yahoo's download format, one row at a time with one row
 * of lookahead, so memory does not grow with the file. Rows must run oldest first: a row is
 * dropped (never moved) when its date is not after the previous kept row's, or when it lies
 * after the next row's although that one follows the previous kept row (a mistyped date). Every
 * dropped row is reported with its line and reason.
 *
 * @example const bars = csvBars(csvRecords(fileChunks(path), 'orcl.csv', () => fileChunks(path)), 'orcl.csv'); bars.take()
 */
export function csvBars(next: () => CsvRecord | undefined, file: string, opts: CsvBarsOptions = {}): CsvBars {
  const header = next();
  const names = header?.fields.map((h) => h.trim().toLowerCase()) ?? [];
  const col = Object.fromEntries(COLUMNS.map((c) => [c, names.indexOf(c)])) as ColumnIndex;
  const missing = COLUMNS.filter((c) => col[c] < 0 && (c !== 'adj close' || opts.adjusted));
  if (!header || missing.length > 0) {
    throw new TickfoldError(
      'E_CSV_HEADER',
      `${file}:1: the header ${header ? describeHeader(header.fields) : '(empty file)'} lacks ${missing.join(', ') || 'every column'}; expected Yahoo's download format 'Date,Open,High,Low,Close,Adj Close,Volume'`,
      { file, line: 1 },
    );
  }

  let problems: CsvProblem[] = [];
  let repaired = 0;
  const report = (line: number, reason: string, field?: string) => {
    const p: CsvProblem = field === undefined ? { file, line, reason } : { file, line, reason, field };
    if (opts.strict) throw badRow(p);
    problems.push(p);
  };
  /** The next row that is a valid bar by itself. */
  const readValid = (): Row | undefined => {
    for (let r = next(); r; r = next()) {
      if (r.fields.length !== names.length) { report(r.line, `expected ${names.length} fields, found ${r.fields.length}`); continue; }
      const row = readRow(r.fields, col, opts.adjusted ?? false);
      if ('problem' in row) { report(r.line, row.problem, row.field); continue; }
      if (row.repaired) repaired++;
      return { bar: row.bar, line: r.line };
    }
    return undefined;
  };

  let prev: Row | undefined;
  let candidate: Row | undefined;
  let lookahead: Row | undefined;
  let ready: Row | undefined;
  const peek = (): Bar | undefined => {
    while (!ready) {
      candidate ??= readValid();
      if (!candidate) return undefined;
      const c = candidate;
      if (prev && c.bar.time <= prev.bar.time) {
        report(c.line, c.bar.time === prev.bar.time
          ? `duplicate date ${day(c.bar.time)} (first on line ${prev.line}); the first row is kept`
          : `date ${day(c.bar.time)} is before the previous row's ${day(prev.bar.time)} (line ${prev.line}); rows must run oldest first, so it is dropped, not moved`, 'Date');
        candidate = undefined;
        continue;
      }
      lookahead ??= readValid();
      const n = lookahead;
      if (n && n.bar.time < c.bar.time && (!prev || n.bar.time > prev.bar.time)) {
        report(c.line, `date ${day(c.bar.time)} is after the next row's ${day(n.bar.time)} (line ${n.line}); rows must run oldest first, so it is dropped, not moved`, 'Date');
        candidate = n;
        lookahead = undefined;
        continue;
      }
      ready = c;
      candidate = lookahead;
      lookahead = undefined;
    }
    return ready.bar;
  };
  return {
    peek,
    take() {
      const bar = peek();
      prev = ready;
      ready = undefined;
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
