import { TickfoldError, type Bar } from '@tickfold/core';
import { isCalendarDate } from '@tickfold/core/internal';
import { parse } from 'csv-parse/sync';
import { badRow, type CsvProblem } from '../csv/problem.js';
import { COLUMNS, type Column, type ColumnIndex } from '../csv/row.js';
import type { CsvBarsOptions } from '../csv/bars.js';

// The CSV reader as it was before it read bytes (csv-parse records of strings, string dates,
// one object per row), kept unchanged as the reference the streaming byte reader is proven
// equal to (bars.props.spec.ts): same bars, same problems, same errors.

interface CsvRecord { readonly fields: string[]; readonly line: number }
export interface ReferenceCsvBars { peek(): Bar | undefined; take(): Bar | undefined; drainProblems(): CsvProblem[]; readonly repaired: number }

/** Records of a whole text as csv-parse reads it, with the line each ends on. */
export function referenceRecords(text: string): () => CsvRecord | undefined {
  const records = (parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[])
    .map((r) => ({ fields: r.record, line: r.info.lines }));
  let i = 0;
  return () => records[i++];
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const num = (raw: string | undefined): number => {
  const t = raw === undefined ? '' : raw.trim();
  return NUMBER.test(t) ? Number(t) : NaN;
};

/** A bad row: what is wrong, and the header name of the field at fault (none for the row's shape). */
type RowProblem = { readonly problem: string; readonly field?: string };
type RowResult = { readonly bar: Bar; readonly repaired: boolean } | RowProblem;

const HEADER_NAMES: Readonly<Record<Column, string>> = { date: 'Date', open: 'Open', high: 'High', low: 'Low', close: 'Close', 'adj close': 'Adj Close', volume: 'Volume' };

function readRow(record: readonly string[], col: ColumnIndex, adjusted: boolean): RowResult {
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

type Row = { readonly bar: Bar; readonly line: number };
const NONE: CsvProblem[] = [];
const day = (iso: string) => iso.slice(0, 10);

// Names of columns look like this; anything else on line 1 is not echoed (it could be any file's content).
const COLUMN_NAME = /^[A-Za-z][A-Za-z0-9 _.-]{0,30}$/;
const describeHeader = (fields: readonly string[]): string =>
  fields.length <= 12 && fields.every((h) => COLUMN_NAME.test(h.trim())) ? `'${fields.join(',')}'` : `(line 1 is not a CSV header: ${fields.length} field(s), not shown)`;

export function referenceCsvBars(next: () => CsvRecord | undefined, file: string, opts: CsvBarsOptions = {}): ReferenceCsvBars {
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
