import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TickfoldError, type Bar, type Observation, type PollRequest } from '@tickfold/core';
import { isCalendarDate } from '@tickfold/core/internal';
import type { CsvFeed, CsvFeedOptions, CsvSpan } from '../csv/feed.js';
import { symbolFiles } from '../csv/files.js';
import { emptyFile } from '../csv/parseFile.js';
import type { CsvProblem } from '../csv/problem.js';
import { referenceCsvBars, referenceRecords, type ReferenceCsvBars } from './csvReference.js';

// The CSV feed as it was before it read bytes and kept days as integers (ISO strings compared,
// a bar object per row, the string reader of csvReference.ts), kept unchanged but for its
// reader as the reference that csvFeed is proven equal to (feed.props.int.spec.ts).

type CsvBars = ReferenceCsvBars;
/** A calendar date YYYY-MM-DD as the ISO time of its bar; E_CSV_RANGE when it is no date. */
function rangeBound(name: 'from' | 'to', date: string | undefined): string | undefined {
  if (date === undefined) return undefined;
  if (!isCalendarDate(date)) {
    throw new TickfoldError('E_CSV_RANGE', `${name} '${date}' is not a calendar date; give it as YYYY-MM-DD, e.g. 2004-01-02`, { field: name, value: date });
  }
  return `${date}T00:00:00.000Z`;
}

/** The bars of `bars` from `from` to `to` (ISO, inclusive); earlier ones are skipped unreported. */
function within(bars: CsvBars, from: string | undefined, to: string | undefined): CsvBars {
  if (from === undefined && to === undefined) return bars;
  const peek = (): Bar | undefined => {
    let b = bars.peek();
    while (b && from !== undefined && b.time < from) {
      bars.take();
      b = bars.peek();
    }
    return b && to !== undefined && b.time > to ? undefined : b;
  };
  return {
    peek,
    take: () => (peek() === undefined ? undefined : bars.take()),
    drainProblems: () => bars.drainProblems(),
    get repaired() {
      return bars.repaired;
    },
  };
}

interface Source {
  readonly symbol: string;
  /** The path as given: what problems and messages name. */
  readonly file: string;
  open(): CsvBars;
}

function sourceOf(symbol: string, file: string, opts: CsvFeedOptions): Source {
  const full = resolve(opts.baseDir ?? '.', file);
  const text = () => {
    try {
      return readFileSync(full, 'utf8');
    } catch (e) {
      throw new TickfoldError('E_CSV_READ', `cannot read the CSV file for ${symbol} at ${full}: ${(e as Error).message}. Check the path (relative paths resolve against ${resolve(opts.baseDir ?? '.')}).`, { file: full, symbol });
    }
  };
  const options = { adjusted: opts.adjusted ?? false, strict: opts.strict ?? false };
  const from = rangeBound('from', opts.from);
  const to = rangeBound('to', opts.to);
  return { symbol, file, open: () => within(referenceCsvBars(referenceRecords(text()), file, options), from, to) };
}

/**
 * The counting pass: every file streamed once, side by side, to count the distinct dates (the
 * ticks) and each symbol's span. Strict mode fails here, before a run has written anything.
 */
function countPass(sources: readonly Source[], range: string): { ticks: number; spans: Record<string, CsvSpan> } {
  const readers = sources.map((s) => s.open());
  const spans = sources.map(() => ({ first: '', last: '', bars: 0, dropped: 0, shown: [] as CsvProblem[] }));
  const drain = (i: number) => {
    const problems = readers[i]!.drainProblems();
    const span = spans[i]!;
    span.dropped += problems.length;
    if (span.shown.length < 5) span.shown.push(...problems.slice(0, 5 - span.shown.length));
  };
  let ticks = 0;
  for (;;) {
    let min: string | undefined;
    for (const r of readers) {
      const t = r.peek()?.time;
      if (t !== undefined && (min === undefined || t < min)) min = t;
    }
    readers.forEach((_, i) => drain(i));
    if (min === undefined) break;
    ticks++;
    readers.forEach((r, i) => {
      if (r.peek()?.time !== min) return;
      r.take();
      const span = spans[i]!;
      if (span.bars++ === 0) span.first = min;
      span.last = min;
    });
  }
  const out: Record<string, CsvSpan> = {};
  sources.forEach((s, i) => {
    const { first, last, bars, dropped, shown } = spans[i]!;
    if (bars === 0 && range) throw new TickfoldError('E_CSV_RANGE', `${s.file} (${s.symbol}) has no valid row ${range}; widen --from/--to or leave the file out`, { file: s.file, symbol: s.symbol });
    if (bars === 0) throw emptyFile(s.file, shown, dropped);
    out[s.symbol] = { first, last, bars, dropped };
  });
  return { ticks, spans: out };
}

export function referenceCsvFeed(opts: CsvFeedOptions): CsvFeed {
  const sources = symbolFiles(opts.files, opts.symbols).map(([symbol, file]) => sourceOf(symbol, file, opts));
  if (opts.from !== undefined && opts.to !== undefined && opts.from > opts.to) {
    throw new TickfoldError('E_CSV_RANGE', `from ${opts.from} is after to ${opts.to}: the date range is empty; give from <= to`, { from: opts.from, to: opts.to });
  }
  const range = [opts.from && `from ${opts.from}`, opts.to && `to ${opts.to}`].filter(Boolean).join(' ');
  const { ticks, spans } = countPass(sources, range);
  const readers = new Map<string, { reader: CsvBars; passed: string | null }>();
  const rewind = (s: Source) => {
    const r = { reader: s.open(), passed: null as string | null };
    readers.set(s.symbol, r);
    return r;
  };
  sources.forEach(rewind);

  // The clock: the tick it stands on and that tick's time (ISO).
  let clockTick = 0;
  let clockTime = '';
  const timeOf = (tick: number): number | undefined => {
    if (tick < 1 || tick > ticks) return undefined;
    if (tick < clockTick) {
      sources.forEach(rewind);
      clockTick = 0;
      clockTime = '';
    }
    while (clockTick < tick) {
      let min: string | undefined;
      for (const r of readers.values()) {
        // Bars at or before the clock were polled already (a run polls every tick); a clock moved
        // ahead without polls (a resumed run) skips them, as the resumed state holds them.
        while ((r.reader.peek()?.time ?? '\uffff') <= clockTime) r.passed = r.reader.take()!.time;
        const t = r.reader.peek()?.time;
        if (t !== undefined && (min === undefined || t < min)) min = t;
      }
      clockTick++;
      clockTime = min!;
    }
    return Date.parse(clockTime);
  };

  const poll = (req: PollRequest): Observation => {
    const source = sources.find((s) => s.symbol === req.symbol);
    if (!source) return { kind: 'fallback', reason: 'source-error', message: `no CSV file gives symbol ${req.symbol}`, attempts: 1 };
    let r = readers.get(req.symbol)!;
    // Asked for bars already handed out (a second engine, a repeated poll): read the file again.
    if (r.passed !== null && (req.lastBarTime === null || req.lastBarTime < r.passed)) r = rewind(source);
    const bars: Bar[] = [];
    for (let b = r.reader.peek(); b && b.time <= req.time; b = r.reader.peek()) {
      r.reader.take();
      r.passed = b.time;
      if (req.lastBarTime === null || b.time > req.lastBarTime) bars.push(b);
    }
    const span = spans[req.symbol]!;
    const day = req.time.slice(0, 10);
    if (bars.length === 0) {
      // Outside the file's dates the symbol is not listed (yet, or any more): that is no feed failure.
      if (req.time < span.first) return { kind: 'not-due', reason: 'before-data', message: `${req.symbol} has no bar for ${day}: its data starts ${span.first.slice(0, 10)}`, attempts: 1 };
      if (req.time > span.last) return { kind: 'not-due', reason: 'after-data', message: `${req.symbol} has no bar for ${day}: its data ended ${span.last.slice(0, 10)}`, attempts: 1 };
      return { kind: 'fallback', reason: 'no-new-bar', message: `${req.symbol} has no bar for ${day}: the file has no row for that date`, attempts: 1 };
    }
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
