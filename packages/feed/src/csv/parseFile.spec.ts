import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TickfoldError } from '@tickfold/core';
import { isUsableBar } from '@tickfold/core/internal';
import { parseCsv } from './parseFile.js';

const HEADER = 'Date,Open,High,Low,Close,Adj Close,Volume';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n') + '\n';
const GOOD = '2003-01-02,10.94,11.25,10.80,11.21,9.971185,32064900';

const thrown = (f: () => unknown): TickfoldError => {
  try { f(); } catch (e) { if (e instanceof TickfoldError) return e; throw e; }
  throw new Error('expected a TickfoldError');
};

describe('CSV parsing', () => {
  it('reads a row as a bar at 00:00 UTC of its date, raw prices by default', () => {
    const { bars, problems } = parseCsv(csv(GOOD), 'x.csv');
    expect(problems).toEqual([]);
    expect(bars).toEqual([{ time: '2003-01-02T00:00:00.000Z', open: 10.94, high: 11.25, low: 10.8, close: 11.21, volume: 32064900 }]);
  });

  it('scales OHLC by Adj Close / Close when adjusted', () => {
    const [bar] = parseCsv(csv(GOOD), 'x.csv', { adjusted: true }).bars;
    expect(bar!.close).toBeCloseTo(9.971185, 9);
    expect(bar!.open).toBeCloseTo(10.94 * (9.971185 / 11.21), 9);
    expect(bar!.volume).toBe(32064900);
  });

  it('reports each malformed row with its file and line number and keeps the good ones', () => {
    const text = csv(
      GOOD,
      '2003-01-03,null,null,null,null,null,null',
      '2003-01-06,11.5,11.0,12.0,11.9,10.6,100',
      '2003-02-30,11,12,10,11,10,100',
      '2003-01-07,11,12,10',
      '2003-01-08,11,12,10,-11,10,100',
      '2003-01-02,1,2,1,1,1,1',
      '2003-01-09,11.8,12.0,11.5,11.9,10.6,100',
    );
    const { bars, problems } = parseCsv(text, 'orcl.csv');
    expect(bars.map((b) => b.time.slice(0, 10))).toEqual(['2003-01-02', '2003-01-09']);
    expect(problems.map((p) => `${p.file}:${p.line}`)).toEqual(['orcl.csv:3', 'orcl.csv:4', 'orcl.csv:5', 'orcl.csv:6', 'orcl.csv:7', 'orcl.csv:8']);
    expect(problems.map((p) => p.reason)).toEqual([
      "open 'null' is not a finite number",
      'High 11 is below Low 12',
      "Date '2003-02-30' is not a calendar date YYYY-MM-DD",
      'expected 7 fields, found 4',
      'prices must be above zero and volume not negative',
      'duplicate date 2003-01-02 (first on line 2); the first row is kept',
    ]);
  });

  it('widens high and low to take in an open or close outside them', () => {
    const r = parseCsv(csv('2003-01-02,12.5,12.0,11.0,10.5,10,1'), 'x.csv');
    expect(r.repaired).toBe(1);
    expect(r.bars[0]).toMatchObject({ high: 12.5, low: 10.5 });
  });

  it('drops a row dated before the previous one and reports it, instead of moving it to the front', () => {
    const r = parseCsv(csv('2004-01-02,1,2,1,1.5,1,1', '2004-01-05,1,2,1,1.5,1,1', '2003-01-06,1,2,1,1.5,1,1', '2004-01-06,1,2,1,1.5,1,1'), 'x.csv');
    expect(r.bars.map((b) => b.time.slice(0, 10))).toEqual(['2004-01-02', '2004-01-05', '2004-01-06']);
    expect(r.problems).toEqual([{ file: 'x.csv', line: 4, field: 'Date', reason: "date 2003-01-06 is before the previous row's 2004-01-05 (line 3); rows must run oldest first, so it is dropped, not moved" }]);
  });

  it('drops a mistyped date far ahead of its neighbours instead of letting it swallow the rows after it', () => {
    const r = parseCsv(csv('2004-01-02,1,2,1,1.5,1,1', '2014-01-05,1,2,1,1.5,1,1', '2004-01-06,1,2,1,1.5,1,1', '2004-01-07,1,2,1,1.5,1,1'), 'x.csv');
    expect(r.bars.map((b) => b.time.slice(0, 10))).toEqual(['2004-01-02', '2004-01-06', '2004-01-07']);
    expect(r.problems).toEqual([{ file: 'x.csv', line: 3, field: 'Date', reason: "date 2014-01-05 is after the next row's 2004-01-06 (line 4); rows must run oldest first, so it is dropped, not moved" }]);
  });

  it('names the field at fault of each bad row', () => {
    const { problems } = parseCsv(csv(GOOD, '2003-01-03,1,abc,1,1,1,1', '2003-01-06,1,2,1,1,1,', '2003-01-07,1,1,2,1,1,1', '2003-01-08,1,2,1,0,1,1', '2003-13-01,1,2,1,1,1,1', '2003-01-09,1,2'), 'x.csv');
    expect(problems.map((p) => [p.line, p.field])).toEqual([[3, 'High'], [4, 'Volume'], [5, 'High'], [6, 'Close'], [7, 'Date'], [8, undefined]]);
  });

  it('throws E_CSV_BAD_ROW at the first bad row when strict', () => {
    const e = thrown(() => parseCsv(csv(GOOD, '2003-01-03,a,b,c,d,e,f'), 'orcl.csv', { strict: true }));
    expect(e.code).toBe('E_CSV_BAD_ROW');
    expect(e.details).toEqual({ file: 'orcl.csv', line: 3, field: 'Open' });
    expect(e.message).toContain("orcl.csv:3: open 'a' is not a finite number (field Open)");
  });

  it('refuses a file with no valid rows, listing what was wrong', () => {
    const e = thrown(() => parseCsv(csv('2003-01-03,null,null,null,null,null,null'), 'dead.csv'));
    expect(e.code).toBe('E_CSV_EMPTY');
    expect(e.message).toContain('dead.csv has no valid rows');
    expect(e.message).toContain("dead.csv:2: open 'null'");
    expect(thrown(() => parseCsv(HEADER + '\n', 'empty.csv')).code).toBe('E_CSV_EMPTY');
  });

  it('refuses a file without the Yahoo header', () => {
    const e = thrown(() => parseCsv('date;open;high\n2003-01-02;1;2\n', 'semi.csv'));
    expect(e.code).toBe('E_CSV_HEADER');
    expect(e.details).toEqual({ file: 'semi.csv', line: 1 });
  });

  it('reports a broken quote as E_CSV_PARSE with its line', () => {
    const e = thrown(() => parseCsv(csv(GOOD, '"2003-01-03,1,2,1,1,1,1'), 'q.csv'));
    expect(e.code).toBe('E_CSV_PARSE');
    expect(e.message).toMatch(/^E_CSV_PARSE: q\.csv:\d+:/);
  });

  it('points an unclosed quote at the line it opened on, not at the end of the file it swallowed', () => {
    const rows = Array.from({ length: 20 }, (_, i) => GOOD.replace('2003-01-02', `2003-02-${String(i + 1).padStart(2, '0')}`));
    const e = thrown(() => parseCsv(csv(GOOD, '2003-01-03,"10.94,11.25,10.80,11.21,9.97,1', ...rows), 'q.csv'));
    expect(e.code).toBe('E_CSV_PARSE');
    expect(e.details).toEqual({ file: 'q.csv', line: 3 });
    expect(e.message).toMatch(/^E_CSV_PARSE: q\.csv:3: a quoted field opened on line 3 is never closed/);
    const bom = thrown(() => parseCsv('\ufeff' + csv(GOOD, '"2003-01-03,1,2,1,1,1,1', GOOD), 'b.csv'));
    expect(bom.details).toEqual({ file: 'b.csv', line: 3 });
  });
});

describe('CSV parsing, any input', () => {
  it('yields only usable bars, one per date, and accounts for every data row', () => {
    const cell = fc.oneof(fc.constantFrom('null', '', '-1', '0', 'abc', '1e400', '0x10'), fc.double({ min: 0.01, max: 500, noNaN: true }).map(String));
    const date = fc.oneof(fc.date({ min: new Date('2000-01-01'), max: new Date('2000-03-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), fc.constantFrom('2000-02-30', 'x'));
    const row = fc.tuple(date, cell, cell, cell, cell, cell, cell).map((r) => r.join(','));
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), (rows) => {
        let parsed;
        try { parsed = parseCsv(csv(...rows), 'p.csv'); } catch (e) { expect((e as TickfoldError).code).toBe('E_CSV_EMPTY'); return; }
        expect(parsed.bars.every(isUsableBar)).toBe(true);
        expect(parsed.bars.every((b, i) => i === 0 || b.time > parsed.bars[i - 1]!.time)).toBe(true);
        expect(parsed.bars.length + parsed.problems.length).toBe(rows.length);
      }),
      { numRuns: 200 },
    );
  });
});
