import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, resolveConfig, TickfoldError, type BarReceived, type EventRecord } from '@tickfold/core';
import { createFeed } from '../createFeed.js';

const HEADER = 'Date,Open,High,Low,Close,Adj Close,Volume';
const row = (date: string, close = 10) => `${date},${close},${close + 1},${close - 1},${close},${close},100`;
/** Every kind of bad row, each on a known line (line 1 is the header). */
const ROWS = [
  row('2020-01-02'), //                          2
  '2020-01-03,10,abc,9,10,10,100', //            3  high=abc
  '2020-01-06,null,null,null,null,null,null', // 4  nulls
  '2020-01-07,10,9,11,10,10,100', //             5  high < low
  row('2020-01-08'), //                          6
  row('2019-06-03'), //                          7  date out of order
  row('2020-01-09'), //                          8
  row('2020-01-09', 11), //                      9  duplicate date
  row('2020-01-10'), //                          10
  '2020-01-13,10,11', //                         11 too few fields
];

function csvDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tickfold-badrows-'));
  writeFileSync(join(dir, 'bad.csv'), [HEADER, ...ROWS].join('\n') + '\n');
  return dir;
}
const config = (strict: boolean) => resolveConfig({ symbols: ['BAD'], data: { minBars: 1 }, feed: { kind: 'csv', options: { files: ['bad.csv'], strict } } });

describe('bad CSV rows', () => {
  it('reports every dropped row in the log with file, line and reason, on the bar of the last good row before it', async () => {
    const cfg = config(false);
    const engine = createEngine(cfg, { feed: createFeed(cfg, { baseDir: csvDir() }) });
    const records: EventRecord[] = [];
    engine.events$.subscribe((r) => records.push(r));
    await engine.run({ ticks: 100 });
    const received = records.map((r) => r.event).filter((e): e is BarReceived => e.type === 'BarReceived');
    const reported = received.flatMap((e) => (e.data.problems ?? []).map((p) => [e.time.slice(0, 10), p.file, p.line, p.reason]));
    expect(reported).toEqual([
      ['2020-01-02', 'bad.csv', 3, "high 'abc' is not a finite number"],
      ['2020-01-02', 'bad.csv', 4, "open 'null' is not a finite number"],
      ['2020-01-02', 'bad.csv', 5, 'High 9 is below Low 11'],
      ['2020-01-08', 'bad.csv', 7, "date 2019-06-03 is before the previous row's 2020-01-08 (line 6); rows must run oldest first, so it is dropped, not moved"],
      ['2020-01-09', 'bad.csv', 9, 'duplicate date 2020-01-09 (first on line 8); the first row is kept'],
      ['2020-01-10', 'bad.csv', 11, 'expected 7 fields, found 3'],
    ]);
    expect(received.reduce((n, e) => n + e.data.dropped, 0)).toBe(6);
    // The row out of order opened no gap: the kept dates run on, one tick each.
    expect(received.map((e) => e.time.slice(0, 10))).toEqual(['2020-01-02', '2020-01-08', '2020-01-09', '2020-01-10']);
  });

  it('refuses the file when strict, at its first bad row with file, line and field, before any tick', () => {
    const cfg = config(true);
    let error: unknown;
    try { createFeed(cfg, { baseDir: csvDir() }); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(TickfoldError);
    expect((error as TickfoldError).code).toBe('E_CSV_BAD_ROW');
    expect((error as TickfoldError).details).toEqual({ file: 'bad.csv', line: 3, field: 'High' });
    expect((error as TickfoldError).message).toContain("bad.csv:3: high 'abc' is not a finite number (field High)");
  });
});
