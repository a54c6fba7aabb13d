import { parse } from 'csv-parse/sync';
import { isUsableBar, TickfoldError, type Bar } from '@tickfold/core';
import { badRow, describeProblem, type CsvProblem } from './problem.js';

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

const COLUMNS = ['date', 'open', 'high', 'low', 'close', 'adj close', 'volume'] as const;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

type Row = { record: string[]; info: { lines: number } };

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
    const line = (e as { lines?: number }).lines ?? 0;
    throw new TickfoldError('E_CSV_PARSE', `${file}:${line}: ${(e as Error).message}. Check the quoting on that line.`, { file, line });
  }
  const header = rows[0];
  const names = header?.record.map((h) => h.trim().toLowerCase()) ?? [];
  const col = Object.fromEntries(COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<(typeof COLUMNS)[number], number>;
  const missing = COLUMNS.filter((c) => col[c] < 0 && (c !== 'adj close' || opts.adjusted));
  if (!header || missing.length > 0) {
    throw new TickfoldError(
      'E_CSV_HEADER',
      `${file}:1: the header ${header ? `'${header.record.join(',')}'` : '(empty file)'} lacks ${missing.join(', ') || 'every column'}; expected Yahoo's download format 'Date,Open,High,Low,Close,Adj Close,Volume'`,
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
  for (const { record, info } of rows.slice(1)) {
    const line = info.lines;
    if (record.length !== names.length) { report(line, `expected ${names.length} fields, found ${record.length}`); continue; }
    const date = record[col.date]!.trim();
    const m = DATE.exec(date);
    if (!m || new Date(`${date}T00:00:00.000Z`).toISOString().slice(0, 10) !== date) { report(line, `Date '${date}' is not a calendar date YYYY-MM-DD`); continue; }
    const field = (c: Exclude<(typeof COLUMNS)[number], 'date'>): number => {
      const raw = (record[col[c]] ?? '').trim();
      return NUMBER.test(raw) ? Number(raw) : NaN;
    };
    const values = { open: field('open'), high: field('high'), low: field('low'), close: field('close'), volume: field('volume') };
    const notNumber = Object.entries(values).find(([, v]) => !Number.isFinite(v));
    if (notNumber) { report(line, `${notNumber[0]} '${record[col[notNumber[0] as 'open']]}' is not a finite number`); continue; }
    let { open, high, low, close } = values;
    if (opts.adjusted) {
      const adj = field('adj close');
      if (!(adj > 0)) { report(line, `Adj Close '${record[col['adj close']]}' is not a positive number (needed for adjusted prices)`); continue; }
      const k = close > 0 ? adj / close : NaN;
      [open, high, low, close] = [open * k, high * k, low * k, close * k];
    }
    if (!(open > 0 && high > 0 && low > 0 && close > 0) || values.volume < 0) { report(line, 'prices must be above zero and volume not negative'); continue; }
    if (high < low) { report(line, `High ${high} is below Low ${low}`); continue; }
    if (open > high || close > high || open < low || close < low) {
      [high, low] = [Math.max(high, open, close), Math.min(low, open, close)];
      repaired++;
    }
    const bar: Bar = { time: `${date}T00:00:00.000Z`, open, high, low, close, volume: values.volume };
    if (!isUsableBar(bar)) { report(line, 'the bar is not usable'); continue; }
    const first = byDate.get(date);
    if (first) { report(line, `duplicate date ${date} (first on line ${first.line}); the first row is kept`); continue; }
    byDate.set(date, { bar, line });
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
