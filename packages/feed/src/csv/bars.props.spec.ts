import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TickfoldError } from '@tickfold/core';
import { referenceCsvBars, referenceRecords } from '../test-support/csvReference.js';
import { csvBars, type CsvBarsOptions } from './bars.js';
import { plainDecimal } from './bytesRow.js';
import { chunked } from '../test-support/chunked.js';
import { CsvLines } from './records.js';

type Reader = { peek(): unknown; take(): unknown; drainProblems(): unknown[]; readonly repaired: number };

/** Everything a reader says, in the order the feed asks: the next bar, the problems before it, take. */
function transcript(open: () => Reader): unknown[] {
  const out: unknown[] = [];
  try {
    const reader = open();
    for (;;) {
      const bar = reader.peek();
      out.push(reader.drainProblems(), bar);
      if (bar === undefined) break;
      reader.take();
    }
    out.push(reader.repaired);
  } catch (e) {
    if (!(e instanceof TickfoldError)) throw e;
    out.push({ code: e.code, message: e.message });
  }
  return out;
}

// Rows near a running date, with every way a field can go wrong or be written unusually.
const DATE = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: -3, max: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom('2003-02-30', '2003-13-01', ' 2003-01-02', '2003/01/02', '', '03-01-02', '2004-02-29', '2003-02-29', '0000-02-29', '１２３４-01-01') },
);
const NUMBER = fc.oneof(
  { weight: 10, arbitrary: fc.tuple(fc.nat(999_999), fc.integer({ min: 0, max: 8 })).map(([n, d]) => (d === 0 ? String(n) : (n / 10 ** d).toFixed(d))) },
  { weight: 1, arbitrary: fc.constantFrom('0', '-1', ' 1.5', '1.5 ', '1e3', '+2', '.5', '5.', '.', 'abc', '', 'null', '1234567890123456.7', '9007199254740993', '0.30000000000000004', '00012.5000', 'é', '1,5') },
);
const ROW = fc.tuple(DATE, fc.array(NUMBER, { minLength: 6, maxLength: 6 }), fc.boolean(), fc.nat(20));
const HEADERS = fc.constantFrom(
  'Date,Open,High,Low,Close,Adj Close,Volume',
  'date, open ,HIGH,Low,Close,Volume,Adj Close',
  'Volume,Close,Low,High,Open,Date,Adj Close,Note',
  'Date,Open,High,Low,Close,Volume',
  '"Date",Open,High,Low,Close,Adj Close,Volume',
  'Date;Open;High',
);

function csvText(header: string, rows: readonly (readonly [number | string, readonly string[], boolean, number])[], eol: string, bom: boolean): string {
  const names = header.split(',').map((h) => h.replace(/"/g, '').trim().toLowerCase());
  let day = Date.parse('2003-01-02T00:00:00.000Z');
  const lines = rows.map(([date, numbers, quote, shape]) => {
    if (typeof date === 'number') day += date * 86_400_000;
    const value: Record<string, string> = { date: typeof date === 'number' ? new Date(day).toISOString().slice(0, 10) : date, open: numbers[0]!, high: numbers[1]!, low: numbers[2]!, close: numbers[3]!, 'adj close': numbers[4]!, volume: numbers[5]!, note: 'x' };
    const fields = names.map((n) => value[n] ?? '1');
    if (shape === 0) fields.pop();
    if (shape === 1) fields.push('extra');
    if (shape === 2) return '';
    return fields.map((f) => (quote && shape === 3 ? `"${f}"` : f)).join(',');
  });
  return (bom ? '\ufeff' : '') + [header, ...lines].join(eol) + eol;
}

describe('CSV bars read from bytes', () => {
  it('are the bars, problems, repairs and errors of the string reader they replace, however the bytes are cut', () => {
    const options = fc.record({ adjusted: fc.boolean(), strict: fc.boolean() }, { requiredKeys: [] });
    fc.assert(
      fc.property(HEADERS, fc.array(ROW, { maxLength: 40 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), options, fc.array(fc.integer({ min: 1, max: 90 }), { maxLength: 30 }), (header, rows, eol, bom, opts: CsvBarsOptions, sizes) => {
        const text = csvText(header, rows, eol, bom);
        const expected = transcript(() => referenceCsvBars(referenceRecords(text), 'p.csv', opts));
        const actual = transcript(() => csvBars(new CsvLines(chunked(text, sizes), 'p.csv', () => chunked(text, [])), 'p.csv', opts));
        expect(actual).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('reads a plain decimal as the very double Number() gives, and declines anything else', () => {
    const decimal = fc.tuple(fc.stringMatching(/^[0-9]{0,18}$/), fc.option(fc.stringMatching(/^[0-9]{0,18}$/))).map(([a, b]) => (b === null ? a : `${a}.${b}`));
    fc.assert(
      fc.property(fc.oneof(decimal, fc.string({ maxLength: 12 })), (text) => {
        const bytes = Buffer.from(text, 'utf8');
        const value = plainDecimal(bytes, 0, bytes.length);
        if (Number.isNaN(value)) return;
        expect(/^(\d+\.?\d*|\.\d+)$/.test(text)).toBe(true);
        expect(Object.is(value, Number(text))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
    expect(plainDecimal(Buffer.from('123456789012345.6'), 0, 17)).toBeNaN(); // 16 digits: left to Number()
    expect(plainDecimal(Buffer.from('0.1'), 0, 3)).toBe(0.1);
  });
});
