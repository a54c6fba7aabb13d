import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TickfoldError, type Observation } from '@tickfold/core';
import { referenceCsvFeed } from '../test-support/feedReference.js';
import { CSV_GOOD_ROW, CSV_HEADERS, CSV_ROW, csvText } from '../test-support/randomCsv.js';
import { csvFeed, type CsvFeed, type CsvFeedOptions } from './feed.js';

const dir = mkdtempSync(join(tmpdir(), 'tickfold-feed-props-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const scheduler = { now: () => 0, schedule: () => { throw new Error('a CSV feed never schedules'); } };

/**
 * Everything a feed says to the engines that use it: its ticks, symbols and spans, then a run
 * polling every symbol every tick, a resumed run on a fresh feed whose clock jumps to `resumeAt`
 * without polls, and a second look at tick 1 (which rewinds the files); an error is its code and
 * message.
 */
function transcript(open: () => CsvFeed, resumeAt: number): unknown[] {
  const out: unknown[] = [];
  try {
    const feed = open();
    out.push(feed.tickCount, feed.symbols, feed.spans);
    const lastAt: Record<string, string | null>[] = [];
    const run = (f: CsvFeed, from: number, last: Record<string, string | null>) => {
      for (let tick = from; tick <= f.tickCount + 1; tick++) {
        lastAt[tick] ??= { ...last };
        const timeMs = f.timeOf(tick);
        out.push(timeMs);
        if (timeMs === undefined) break;
        const time = new Date(timeMs).toISOString();
        for (const symbol of f.symbols) {
          // A CSV feed answers at once, never with a promise or an observable.
          const obs = f.poll({ symbol, tick, time, timeMs, lastBarTime: last[symbol] ?? null, scheduler }) as Observation;
          out.push(obs);
          if (obs.kind === 'bars') last[symbol] = obs.bars[obs.bars.length - 1]!.time;
        }
      }
    };
    run(feed, 1, {});
    const at = Math.min(resumeAt, feed.tickCount);
    run(open(), at, { ...lastAt[at] });
    run(feed, 1, {});
  } catch (e) {
    if (!(e instanceof TickfoldError)) throw e;
    out.push({ code: e.code, message: e.message });
  }
  return out;
}

const day = fc.integer({ min: -20, max: 80 }).map((d) => new Date(Date.parse('2003-01-02T00:00:00.000Z') + d * 86_400_000).toISOString().slice(0, 10));
const file = fc.record({
  header: fc.oneof({ weight: 6, arbitrary: fc.constant('Date,Open,High,Low,Close,Adj Close,Volume') }, { weight: 1, arbitrary: CSV_HEADERS }),
  rows: fc.array(fc.oneof({ weight: 4, arbitrary: CSV_GOOD_ROW }, { weight: 1, arbitrary: CSV_ROW }), { maxLength: 30 }),
  eol: fc.constantFrom('\n', '\r\n'),
  bom: fc.boolean(),
  start: day,
});

let cases = 0;

describe('the CSV feed, streamed from bytes', () => {
  it('says what the feed it replaced says to a run, a resumed run and a rewind: ticks, spans, times, bars, problems and errors', () => {
    fc.assert(
      fc.property(fc.array(file, { minLength: 1, maxLength: 3 }), fc.option(day), fc.option(day), fc.boolean(), fc.nat(40), (files, from, to, strict, resumeAt) => {
        const paths: Record<string, string> = {};
        files.forEach((f, i) => {
          const name = `S${i}-${cases}.csv`;
          writeFileSync(join(dir, name), csvText(f.header, f.rows, f.eol, f.bom, f.start));
          paths[`S${i}`] = name;
        });
        cases++;
        const opts: CsvFeedOptions = { files: paths, baseDir: dir, strict, ...(from === null ? {} : { from }), ...(to === null ? {} : { to }) };
        expect(transcript(() => csvFeed(opts), resumeAt + 1)).toEqual(transcript(() => referenceCsvFeed(opts), resumeAt + 1));
      }),
      { numRuns: 300 },
    );
  });
});
