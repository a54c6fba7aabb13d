import { parse } from 'csv-parse/sync';
import { TickfoldError, type Bar } from '@tickfold/core';
import { badRow, describeProblem, type CsvProblem } from './problem.js';
import { COLUMNS, readRow, type ColumnIndex } from './row.js';

export interface ParsedCsv {
  /** Valid bars, oldest first, one per date. */
  readonly bars: Bar[];
  readonly problems: CsvProblem[];
  /** Rows whose open or close lay outside [low, high] and were kept with the range widened. */
  readonly repaired: number;
}

export interface ParseCsvOptions {
  /** Scale open, high, low and close by Adj Close / Close. */
  readonly adjusted?: boolean;
  /** Throw on the first bad row instead of skipping and reporting it. */
  readonly strict?: boolean;
}


type Row = { record: string[]; info: { lines: number } };

/** 1-based line of the byte at `offset` of the UTF-8 encoding of `text`. */
const lineAtByte = (text: string, offset: number): number => {
  const bytes = Buffer.from(text, 'utf8').subarray(0, offset);
  let line = 1;
  for (const b of bytes) if (b === 0x0a) line++;
  return line;
};

// Names of columns look like this; anything else on line 1 is not echoed (it could be any file's content).
const COLUMN_NAME = /^[A-Za-z][A-Za-z0-9 _.-]{0,30}$/;
const describeHeader = (record: readonly string[]): string =>
  record.length <= 12 && record.every((h) => COLUMN_NAME.test(h.trim())) ? `'${record.join(',')}'` : `(line 1 is not a CSV header: ${record.length} field(s), not shown)`;

/**
 * Parses daily bars in Yahoo's download format (`Date,Open,High,Low,Close,Adj Close,Volume`).
 * Bar time is the date at 00:00 UTC. Bad rows are reported with their line (or, when strict,
 * thrown as E_CSV_BAD_ROW); a bad header throws E_CSV_HEADER.
 *
 * @example const { bars, problems } = parseCsv(text, 'orcl.csv');
 */
export function parseCsv(text: string, file: string, opts: ParseCsvOptions = {}): ParsedCsv {
  let rows: Row[];
  try {
    rows = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as Row[];
  } catch (e) {
    const err = e as Error & { code?: unknown; lines?: unknown; bytes?: unknown };
    // An unclosed quote swallows the rest of the file, so the parser's line is the last one;
    // its byte offset (BOM included, as in `text`) still points into the line the quote opened on.
    if (err.code === 'CSV_QUOTE_NOT_CLOSED' && typeof err.bytes === 'number') {
      const line = lineAtByte(text, err.bytes);
      throw new TickfoldError('E_CSV_PARSE', `${file}:${line}: a quoted field opened on line ${line} is never closed, so the rest of the file was read as one field. Close or remove that quote.`, { file, line });
    }
    const line = typeof err.lines === 'number' ? err.lines : 0;
    throw new TickfoldError('E_CSV_PARSE', `${file}:${line}: ${err.message}. Check the quoting on that line.`, { file, line });
  }
  const header = rows[0];
  const names = header?.record.map((h) => h.trim().toLowerCase()) ?? [];
  const col = Object.fromEntries(COLUMNS.map((c) => [c, names.indexOf(c)])) as ColumnIndex;
  const missing = COLUMNS.filter((c) => col[c] < 0 && (c !== 'adj close' || opts.adjusted));
  if (!header || missing.length > 0) {
    throw new TickfoldError(
      'E_CSV_HEADER',
      `${file}:1: the header ${header ? describeHeader(header.record) : '(empty file)'} lacks ${missing.join(', ') || 'every column'}; expected Yahoo's download format 'Date,Open,High,Low,Close,Adj Close,Volume'`,
      { file, line: 1 },
    );
  }

  const problems: CsvProblem[] = [];
  const byDate = new Map<string, { bar: Bar; line: number }>();
  let repaired = 0;
  const report = (line: number, message: string) => {
    const p = { file, line, message };
    if (opts.strict) throw badRow(p);
    problems.push(p);
  };
  for (let r = 1; r < rows.length; r++) {
    const { record, info } = rows[r]!;
    const line = info.lines;
    if (record.length !== names.length) { report(line, `expected ${names.length} fields, found ${record.length}`); continue; }
    const row = readRow(record, col, opts.adjusted ?? false);
    if ('problem' in row) { report(line, row.problem); continue; }
    const first = byDate.get(row.bar.time);
    if (first) { report(line, `duplicate date ${row.bar.time.slice(0, 10)} (first on line ${first.line}); the first row is kept`); continue; }
    if (row.repaired) repaired++;
    byDate.set(row.bar.time, { bar: row.bar, line });
  }
  const bars = [...byDate.values()].map((v) => v.bar).sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  if (bars.length === 0) {
    const shown = problems.slice(0, 5).map(describeProblem);
    throw new TickfoldError(
      'E_CSV_EMPTY',
      `${file} has no valid rows${shown.length ? `:\n  - ${shown.join('\n  - ')}${problems.length > 5 ? `\n  - … and ${problems.length - 5} more` : ''}` : ''}\nGive a file in Yahoo's download format with at least one complete row.`,
      { file, problems: problems.length },
    );
  }
  return { bars, problems, repaired };
}
