import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TickfoldError, type Bar, type Feed, type Observation, type PollRequest } from '@tickfold/core';
import { parseCsv } from './parseFile.js';
import { symbolFiles, type CsvFiles } from './files.js';
import type { CsvProblem } from './problem.js';

export interface CsvFeedOptions {
  /** Paths (symbol from the file name) or symbol → path. */
  readonly files: CsvFiles;
  /** Relative paths resolve against this directory; default the process's cwd. */
  readonly baseDir?: string;
  readonly adjusted?: boolean;
  readonly strict?: boolean;
  /** When given, every one of these symbols needs a file and every file one of these symbols. */
  readonly symbols?: readonly string[];
}

export interface CsvFeed extends Feed {
  /** Number of ticks: distinct dates across the files. */
  readonly length: number;
  /** Symbols the files provide, sorted. */
  readonly symbols: readonly string[];
  /** Rows skipped, with file and line. */
  readonly problems: readonly CsvProblem[];
  timeOf(tick: number): number | undefined;
}

/** Index of the first element greater than `key` in a sorted array. */
const upperBound = (xs: readonly string[], key: string): number => {
  let lo = 0, hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/**
 * Daily bars from CSV files in Yahoo's download format, one date per tick: tick t is the
 * t-th distinct date across the files, and its time is that date at 00:00 UTC.
 *
 * @example const feed = csvFeed({ files: ['data/orcl-2003-2005.csv'] }); feed.length // 756
 */
export function csvFeed(opts: CsvFeedOptions): CsvFeed {
  const entries = symbolFiles(opts.files, opts.symbols);
  const problems: CsvProblem[] = [];
  const series = new Map<string, { bars: Bar[]; times: string[]; dropped: number }>();
  const dates = new Set<string>();
  for (const [symbol, path] of entries) {
    const full = resolve(opts.baseDir ?? '.', path);
    let text: string;
    try {
      text = readFileSync(full, 'utf8');
    } catch (e) {
      throw new TickfoldError('E_CSV_READ', `cannot read the CSV file for ${symbol} at ${full}: ${(e as Error).message}. Check the path (relative paths resolve against ${resolve(opts.baseDir ?? '.')}).`, { file: full, symbol });
    }
    const parsed = parseCsv(text, path, { adjusted: opts.adjusted ?? false, strict: opts.strict ?? false });
    problems.push(...parsed.problems);
    const times = parsed.bars.map((b) => b.time);
    for (const t of times) dates.add(t);
    series.set(symbol, { bars: parsed.bars, times, dropped: parsed.problems.length });
  }
  const tickTimes = [...dates].sort();
  const tickMs = tickTimes.map((t) => Date.parse(t));

  return {
    name: 'csv',
    length: tickTimes.length,
    symbols: entries.map(([s]) => s),
    problems,
    timeOf: (tick) => tickMs[tick - 1],
    poll(req: PollRequest): Observation {
      const s = series.get(req.symbol);
      if (!s) return { kind: 'fallback', reason: 'source-error', message: `no CSV file gives symbol ${req.symbol}`, attempts: 1 };
      const from = req.lastBarTime === null ? 0 : upperBound(s.times, req.lastBarTime);
      const to = upperBound(s.times, req.time);
      if (to <= from) {
        const first = s.times[0]!, last = s.times[s.times.length - 1]!;
        const day = req.time.slice(0, 10);
        // Outside the file's dates the symbol is not listed (yet, or any more): that is no feed failure.
        if (req.time < first) return { kind: 'not-due', reason: 'before-data', message: `${req.symbol} has no bar for ${day}: its data starts ${first.slice(0, 10)}`, attempts: 1 };
        if (req.time > last) return { kind: 'not-due', reason: 'after-data', message: `${req.symbol} has no bar for ${day}: its data ended ${last.slice(0, 10)}`, attempts: 1 };
        return { kind: 'fallback', reason: 'no-new-bar', message: `${req.symbol} has no bar for ${day}: the file has no row for that date`, attempts: 1 };
      }
      return { kind: 'bars', bars: s.bars.slice(from, to), attempts: 1, dropped: req.lastBarTime === null ? s.dropped : 0 };
    },
  };
}
