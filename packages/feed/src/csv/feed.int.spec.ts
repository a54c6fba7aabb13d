import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { asyncScheduler } from 'rxjs';
import { createEngine, resolveConfig, TickfoldError, type Observation } from '@tickfold/core';
import { csvFeed } from './feed.js';
import { symbolFromPath } from './symbol.js';
import { createFeed } from '../createFeed.js';

const FIXTURES = fileURLToPath(new URL('../../test-fixtures/ohlcv/', import.meta.url));
const ORCL = 'orcl-2003-2005.csv';
const NVDA = 'nvda-1999-2014.csv';

const pollAt = (feed: ReturnType<typeof csvFeed>, symbol: string, tick: number, lastBarTime: string | null): Observation => {
  const timeMs = feed.timeOf(tick)!;
  return feed.poll({ symbol, tick, time: new Date(timeMs).toISOString(), timeMs, lastBarTime, scheduler: asyncScheduler }) as Observation;
};

describe('CSV feed on the shared files', () => {
  it('loads each file with its documented row count and no problems', () => {
    const orcl = csvFeed({ files: [ORCL], baseDir: FIXTURES });
    const nvda = csvFeed({ files: [NVDA], baseDir: FIXTURES });
    expect([orcl.tickCount, nvda.tickCount]).toEqual([756, 4012]);
    expect([orcl.spans['ORCL']!.dropped, nvda.spans['NVDA']!.dropped]).toEqual([0, 0]);
    expect(nvda.spans['NVDA']).toEqual({ first: '1999-01-22T00:00:00.000Z', last: '2014-12-31T00:00:00.000Z', bars: 4012, dropped: 0 });
    expect(orcl.symbols).toEqual(['ORCL']);
  });

  it('gives one bar per tick at the tick time and undefined after the last date', () => {
    const feed = csvFeed({ files: [ORCL], baseDir: FIXTURES });
    expect(new Date(feed.timeOf(1)!).toISOString()).toBe('2003-01-02T00:00:00.000Z');
    expect(new Date(feed.timeOf(756)!).toISOString()).toBe('2005-12-30T00:00:00.000Z');
    expect(feed.timeOf(757)).toBeUndefined();
    const first = pollAt(feed, 'ORCL', 1, null);
    expect(first.kind === 'bars' && first.bars).toEqual([{ time: '2003-01-02T00:00:00.000Z', open: 10.94, high: 11.25, low: 10.8, close: 11.21, volume: 32064900 }]);
    const second = pollAt(feed, 'ORCL', 2, '2003-01-02T00:00:00.000Z');
    expect(second.kind === 'bars' && second.bars.map((b) => b.time)).toEqual(['2003-01-03T00:00:00.000Z']);
  });

  it('counts ticks over the union of dates and says when a symbol has no bar yet', () => {
    const feed = csvFeed({ files: { ORCL, NVDA }, baseDir: FIXTURES });
    expect(feed.tickCount).toBe(4012); // every ORCL 2003-2005 date is an NVDA trading date too
    const early = pollAt(feed, 'ORCL', 1, null);
    expect(early).toMatchObject({ kind: 'not-due', reason: 'before-data', message: 'ORCL has no bar for 1999-01-22: its data starts 2003-01-02' });
    const late = pollAt(feed, 'ORCL', 4012, '2005-12-30T00:00:00.000Z');
    expect(late).toMatchObject({ kind: 'not-due', reason: 'after-data', message: 'ORCL has no bar for 2014-12-31: its data ended 2005-12-30' });
  });

  it('runs the engine through every date and ends the session as data-exhausted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tickfold-csv-'));
    writeFileSync(join(dir, 'abc.csv'), 'Date,Open,High,Low,Close,Adj Close,Volume\n2020-01-02,1,2,0.5,1.5,1.5,10\n2020-01-03,1.5,2,1,1.8,1.8,10\n2020-01-06,1.8,2,1,1.9,1.9,10\n');
    const config = resolveConfig({ symbols: ['ABC'], feed: { kind: 'csv', options: { files: ['abc.csv'] } }, data: { minBars: 1 } });
    const feed = createFeed(config, { baseDir: dir });
    expect(feed.tickCount).toBe(3);
    const result = await createEngine(config, { feed }).run({ ticks: 10 });
    expect(result).toMatchObject({ reason: 'data-exhausted', ticks: 3 });
  });

  it('names the symbol after the file, without the year range', () => {
    expect(['orcl-2003-2005.csv', 'data/nvda_1999_2014.csv', 'brk-b.csv', 'SPY.CSV', '^gspc.csv', 'eurusd=x-2020.csv', 'yhoo_daily.csv', 'bad name.csv'].map(symbolFromPath))
      .toEqual(['ORCL', 'NVDA', 'BRK-B', 'SPY', '^GSPC', 'EURUSD=X', 'YHOO', undefined]);
  });

  it('refuses symbols that do not match the files, a missing file and an unnamed file', () => {
    const code = (f: () => unknown) => { try { f(); } catch (e) { expect(e).toBeInstanceOf(TickfoldError); return (e as Error).message; } return 'no error'; };
    expect(code(() => csvFeed({ files: [ORCL], baseDir: FIXTURES, symbols: ['SPY'] }))).toMatch(/^E_CSV_SYMBOL: .*no file for SPY; no symbol for the file\(s\) of ORCL/);
    expect(code(() => csvFeed({ files: ['nope.csv'], baseDir: FIXTURES }))).toMatch(/^E_CSV_READ: cannot read the CSV file for NOPE at .*nope\.csv/);
    expect(code(() => csvFeed({ files: ['bad name.csv'], baseDir: FIXTURES }))).toMatch(/^E_CSV_SYMBOL: cannot tell the symbol/);
    expect(code(() => createFeed(resolveConfig({ symbols: ['ORCL'], clock: { mode: 'real' }, feed: { kind: 'csv', options: { files: [ORCL] } } }), { baseDir: FIXTURES }))).toMatch(/^E_CONFIG_INVALID: \/clock\/mode/);
  });

  it('reports bad rows of a real file with their line and counts them as dropped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tickfold-csv-'));
    writeFileSync(join(dir, 'x.csv'), 'Date,Open,High,Low,Close,Adj Close,Volume\n2020-01-02,1,2,0.5,1.5,1.5,10\n2020-01-03,null,null,null,null,null,null\n');
    const feed = csvFeed({ files: ['x.csv'], baseDir: dir });
    expect(feed.spans['X']!.dropped).toBe(1);
    expect(pollAt(feed, 'X', 1, null)).toMatchObject({ kind: 'bars', dropped: 1, problems: [{ file: 'x.csv', line: 3, reason: "open 'null' is not a finite number" }] });
  });
});

describe('CSV feed file handles', () => {
  const openFiles = () => readdirSync('/proc/self/fd').length;
  it.skipIf(!existsSync('/proc/self/fd'))('closes the file of a reader it starts over: polls asking again for bars handed out and a clock moved back leave no file open behind them', () => {
    const feed = csvFeed({ files: [ORCL], baseDir: FIXTURES });
    const before = openFiles();
    for (let i = 0; i < 40; i++) {
      // Tick 20 with no bar seen, twice in a row: the second reads the file again from its first row.
      expect(pollAt(feed, 'ORCL', 20, null).kind).toBe('bars');
      // Back to tick 5: the clock starts every reader over.
      expect(pollAt(feed, 'ORCL', 5, null).kind).toBe('bars');
    }
    // The reader in use holds its file; none of the ~80 it replaced does.
    expect(openFiles()).toBeLessThanOrEqual(before + 1);
  });
});
