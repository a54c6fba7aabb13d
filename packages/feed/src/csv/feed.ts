import { resolve } from 'node:path';
import { TickfoldError, type Bar, type Feed, type Observation, type PollRequest } from '@tickfold/core';
import { isCalendarDate } from '@tickfold/core/internal';
import { csvBars, type CsvBars } from './bars.js';
import { dayIso, dayMs, END, isoDay, type DayKey } from './day.js';
import { symbolFiles, type CsvFiles } from './files.js';
import { emptyFile } from './parseFile.js';
import type { CsvProblem } from './problem.js';
import { CsvLines, fileChunks } from './records.js';

export interface CsvFeedOptions {
  /** Paths (symbol from the file name) or symbol → path. */
  readonly files: CsvFiles;
  /** Relative paths resolve against this directory; default the process's cwd. */
  readonly baseDir?: string;
  readonly adjusted?: boolean;
  readonly strict?: boolean;
  /** When given, every one of these symbols needs a file and every file one of these symbols. */
  readonly symbols?: readonly string[];
  /** First and last date to use (YYYY-MM-DD, inclusive); rows outside are skipped, not reported. */
  readonly from?: string;
  readonly to?: string;
}

/** A calendar date YYYY-MM-DD as its day; E_CSV_RANGE when it is no date. */
function rangeBound(name: 'from' | 'to', date: string | undefined): DayKey | undefined {
  if (date === undefined) return undefined;
  if (!isCalendarDate(date)) {
    throw new TickfoldError('E_CSV_RANGE', `${name} '${date}' is not a calendar date; give it as YYYY-MM-DD, e.g. 2004-01-02`, { field: name, value: date });
  }
  return isoDay(date);
}

/** The bars of `bars` from day `from` to day `to` (inclusive); earlier ones are skipped unreported. */
function within(bars: CsvBars, from: DayKey | undefined, to: DayKey | undefined): CsvBars {
  if (from === undefined && to === undefined) return bars;
  const peekDay = (): DayKey => {
    let day = bars.peekDay();
    while (day !== END && from !== undefined && day < from) {
      bars.skip();
      day = bars.peekDay();
    }
    return to !== undefined && day > to ? END : day;
  };
  const inRange = () => peekDay() !== END;
  return {
    peekDay,
    peek: () => (inRange() ? bars.peek() : undefined),
    take: () => (inRange() ? bars.take() : undefined),
    skip: () => {
      if (inRange()) bars.skip();
    },
    drainProblems: () => bars.drainProblems(),
    close: () => bars.close(),
    get repaired() {
      return bars.repaired;
    },
  };
}

/** What the counting pass found in one symbol's file. */
export interface CsvSpan {
  /** Time of the first and the last bar (ISO, 00:00 UTC). */
  readonly first: string;
  readonly last: string;
  readonly bars: number;
  /** Rows dropped (each is reported on the BarReceived that follows it). */
  readonly dropped: number;
}

export interface CsvFeed extends Feed {
  /** Number of ticks: distinct dates across the files. */
  readonly tickCount: number;
  /** Symbols the files provide, sorted. */
  readonly symbols: readonly string[];
  readonly spans: Readonly<Record<string, CsvSpan>>;
  timeOf(tick: number): number | undefined;
}

interface Source {
  readonly symbol: string;
  /** The path as given: what problems and messages name. */
  readonly file: string;
  open(): CsvBars;
}

function sourceOf(symbol: string, file: string, opts: CsvFeedOptions): Source {
  const full = resolve(opts.baseDir ?? '.', file);
  const chunks = () => {
    try {
      return fileChunks(full);
    } catch (e) {
      throw new TickfoldError('E_CSV_READ', `cannot read the CSV file for ${symbol} at ${full}: ${(e as Error).message}. Check the path (relative paths resolve against ${resolve(opts.baseDir ?? '.')}).`, { file: full, symbol });
    }
  };
  const options = { adjusted: opts.adjusted ?? false, strict: opts.strict ?? false };
  const from = rangeBound('from', opts.from);
  const to = rangeBound('to', opts.to);
  return { symbol, file, open: () => within(csvBars(new CsvLines(chunks(), file, chunks), file, options), from, to) };
}

/**
 * The counting pass: every file streamed once, side by side, to count the distinct dates (the
 * ticks) and each symbol's span. Strict mode fails here, before a run has written anything.
 */
function countPass(sources: readonly Source[], range: string): { ticks: number; spans: Record<string, CsvSpan> } {
  const readers = sources.map((s) => s.open());
  const spans = sources.map(() => ({ first: 0, last: 0, bars: 0, dropped: 0, shown: [] as CsvProblem[] }));
  const drain = (i: number) => {
    const problems = readers[i]!.drainProblems();
    if (problems.length === 0) return;
    const span = spans[i]!;
    span.dropped += problems.length;
    if (span.shown.length < 5) span.shown.push(...problems.slice(0, 5 - span.shown.length));
  };
  let ticks = 0;
  try {
    // Plain loops, no closures: this runs once per date, and allocates nothing per date.
    for (;;) {
      let min = END;
      for (const r of readers) min = Math.min(min, r.peekDay());
      for (let i = 0; i < readers.length; i++) drain(i);
      if (min === END) break;
      ticks++;
      for (let i = 0; i < readers.length; i++) {
        if (readers[i]!.peekDay() !== min) continue;
        readers[i]!.skip();
        const span = spans[i]!;
        if (span.bars++ === 0) span.first = min;
        span.last = min;
      }
    }
  } finally {
    // Read to their end they are closed; a strict-mode throw leaves them part-read.
    for (const r of readers) r.close();
  }
  const out: Record<string, CsvSpan> = {};
  sources.forEach((s, i) => {
    const { first, last, bars, dropped, shown } = spans[i]!;
    if (bars === 0 && range) throw new TickfoldError('E_CSV_RANGE', `${s.file} (${s.symbol}) has no valid row ${range}; widen --from/--to or leave the file out`, { file: s.file, symbol: s.symbol });
    if (bars === 0) throw emptyFile(s.file, shown, dropped);
    out[s.symbol] = { first: dayIso(first), last: dayIso(last), bars, dropped };
  });
  return { ticks, spans: out };
}

/**
 * Daily bars from CSV files in Yahoo's download format, one date per tick: tick t is the t-th
 * distinct date across the files, and its time is that date at 00:00 UTC. Files are streamed,
 * never held whole: a counting pass first, then one reader per file that the clock and the
 * polls share, so memory stays flat however many bars there are.
 *
 * @example const feed = csvFeed({ files: ['data/orcl-2003-2005.csv'] }); feed.tickCount // 756
 */
export function csvFeed(opts: CsvFeedOptions): CsvFeed {
  const sources = symbolFiles(opts.files, opts.symbols).map(([symbol, file]) => sourceOf(symbol, file, opts));
  if (opts.from !== undefined && opts.to !== undefined && opts.from > opts.to) {
    throw new TickfoldError('E_CSV_RANGE', `from ${opts.from} is after to ${opts.to}: the date range is empty; give from <= to`, { from: opts.from, to: opts.to });
  }
  const range = [opts.from && `from ${opts.from}`, opts.to && `to ${opts.to}`].filter(Boolean).join(' ');
  const { ticks, spans } = countPass(sources, range);
  // One reader per file, in the sources' order. `passed`: the day of the last bar read off, by the
  // clock or a poll (-Infinity before any); `lastTime`, `lastDay`: the time of the last bar a poll
  // handed out, and its day.
  interface Reader {
    readonly reader: CsvBars;
    passed: DayKey;
    lastTime: string | undefined;
    lastDay: DayKey;
  }
  const open = (s: Source): Reader => ({ reader: s.open(), passed: -Infinity, lastTime: undefined, lastDay: -Infinity });
  const readers = sources.map(open);
  /** A fresh reader for source `i` from its first row; the one it replaces closes its file (else it stays open until the process ends). */
  const reopen = (i: number): Reader => {
    readers[i]!.reader.close();
    return (readers[i] = open(sources[i]!));
  };
  const indexOf = new Map(sources.map((s, i) => [s.symbol, i]));

  // The clock: the tick it stands on, that tick's day and its time in epoch ms.
  let clockTick = 0;
  let clockDay = -Infinity;
  let clockMs = NaN;
  const timeOf = (tick: number): number | undefined => {
    if (tick < 1 || tick > ticks) return undefined;
    if (tick < clockTick) {
      for (let i = 0; i < sources.length; i++) reopen(i);
      clockTick = 0;
      clockDay = -Infinity;
    }
    while (clockTick < tick) {
      let min = END;
      for (let i = 0; i < readers.length; i++) {
        const r = readers[i]!;
        // Bars at or before the clock were polled already (a run polls every tick); a clock moved
        // ahead without polls (a resumed run) skips them, as the resumed state holds them.
        for (let day = r.reader.peekDay(); day <= clockDay; day = r.reader.peekDay()) {
          r.passed = day;
          r.reader.skip();
        }
        min = Math.min(min, r.reader.peekDay());
      }
      clockTick++;
      clockDay = min;
      clockMs = dayMs(min);
    }
    return clockMs;
  };

  const poll = (req: PollRequest): Observation => {
    const index = indexOf.get(req.symbol);
    if (index === undefined) return { kind: 'fallback', reason: 'source-error', message: `no CSV file gives symbol ${req.symbol}`, attempts: 1 };
    let r = readers[index]!;
    // Days compare as the ISO times of their bars (00:00 UTC) do with any time of a day. A run asks
    // for the clock's own time, after the last bar this reader handed out: those days are known.
    const lastBarTime = req.lastBarTime;
    const lastDay = lastBarTime === null ? -Infinity : lastBarTime === r.lastTime ? r.lastDay : isoDay(lastBarTime);
    // Asked for bars already handed out (a second engine, a repeated poll): read the file again.
    if (lastDay < r.passed) r = reopen(index);
    const today = req.timeMs === clockMs ? clockDay : isoDay(req.time);
    // Most polls hand out one bar: an array of exactly that one, not an empty one grown by push.
    let bars: Bar[] | undefined;
    for (let day = r.reader.peekDay(); day <= today; day = r.reader.peekDay()) {
      r.passed = day;
      if (day <= lastDay) {
        r.reader.skip();
        continue;
      }
      const bar = r.reader.take()!;
      if (bars === undefined) bars = [bar];
      else bars.push(bar);
    }
    if (bars === undefined) {
      const span = spans[req.symbol]!;
      const day = req.time.slice(0, 10);
      // Outside the file's dates the symbol is not listed (yet, or any more): that is no feed failure.
      if (req.time < span.first) return { kind: 'not-due', reason: 'before-data', message: `${req.symbol} has no bar for ${day}: its data starts ${span.first.slice(0, 10)}`, attempts: 1 };
      if (req.time > span.last) return { kind: 'not-due', reason: 'after-data', message: `${req.symbol} has no bar for ${day}: its data ended ${span.last.slice(0, 10)}`, attempts: 1 };
      return { kind: 'fallback', reason: 'no-new-bar', message: `${req.symbol} has no bar for ${day}: the file has no row for that date`, attempts: 1 };
    }
    r.lastTime = bars[bars.length - 1]!.time;
    r.lastDay = r.passed;
    // The lookahead above read every bad row up to the next good one: they go out with these bars.
    const drained = r.reader.drainProblems();
    if (drained.length === 0) return { kind: 'bars', bars, attempts: 1, dropped: 0 };
    const problems = drained.map(({ file, line, reason }) => ({ file, line, reason }));
    return { kind: 'bars', bars, attempts: 1, dropped: problems.length, problems };
  };

  return {
    name: 'csv',
    tickCount: ticks,
    symbols: sources.map((s) => s.symbol),
    spans,
    timeOf,
    poll,
  };
}
