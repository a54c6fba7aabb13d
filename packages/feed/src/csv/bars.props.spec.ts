import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TickfoldError } from '@tickfold/core';
import { referenceCsvBars, referenceRecords } from '../test-support/csvReference.js';
import { BLOCK_ROWS, csvBars, type CsvBarsOptions } from './bars.js';
import { BytesRowReader } from './bytesRow.js';
import { COLUMNS, type ColumnIndex, type RowValues } from './row.js';
import { chunked } from '../test-support/chunked.js';
import { CsvLines } from './records.js';
import { CSV_HEADERS, CSV_ROW, csvText } from '../test-support/randomCsv.js';

const COLUMN_AT = Object.fromEntries(COLUMNS.map((c, i) => [c, i])) as ColumnIndex;

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

describe('CSV bars read from bytes', () => {
  it('are the bars, problems, repairs and errors of the string reader they replace, however the bytes are cut and however many rows a block holds', () => {
    const options = fc.record({ adjusted: fc.boolean(), strict: fc.boolean() }, { requiredKeys: [] });
    fc.assert(
      fc.property(
        CSV_HEADERS,
        fc.array(CSV_ROW, { maxLength: 40 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.boolean(),
        options,
        fc.array(fc.integer({ min: 1, max: 90 }), { maxLength: 30 }),
        fc.constantFrom(1, 2, 3, BLOCK_ROWS),
        (header, rows, eol, bom, lastEol, opts: CsvBarsOptions, sizes, blockRows) => {
          const full = csvText(header, rows, eol, bom);
          // The last line with or without its line ending.
          const text = lastEol ? full : full.slice(0, full.length - eol.length);
          const expected = transcript(() => referenceCsvBars(referenceRecords(text), 'p.csv', opts));
          const actual = transcript(() => csvBars(new CsvLines(chunked(text, sizes), 'p.csv', () => chunked(text, [])), 'p.csv', opts, blockRows));
          expect(actual).toEqual(expected);
        },
      ),
      { numRuns: 600 },
    );
  });

  it('reads a line up to its line feed as it reads the same line cut off before its line ending', () => {
    const reader = new BytesRowReader(7, COLUMN_AT, false);
    const row = (): RowValues => ({ day: 0, open: 0, high: 0, low: 0, close: 0, volume: 0, repaired: false });
    const field = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('2003-01-02', '2004-02-29', '1.5', '10.94', '32064900', '0.000001', '7') },
      { weight: 1, arbitrary: fc.constantFrom('', '2003-02-30', '2003-01-2', '1e3', '-1', ' 1', '1.', '.5', '.', 'x', '1\r', '\r', '12345678901234567', '0') },
    );
    const date = fc.constantFrom('2003-01-02', '2004-02-29', '2003-1-02', '2003-01-02\r', '20030102xx');
    const line = fc.tuple(date, fc.array(field, { minLength: 4, maxLength: 8 })).map(([d, fs]) => [d, ...fs].join(','));
    fc.assert(
      fc.property(line, fc.constantFrom('\n', '\r\n'), fc.constantFrom('', '2003-01-03,1,1,1,1,1,1\n', '\n', ',5\n'), (text, eol, after) => {
        // The line as CsvLines.next() cuts it: up to its line feed, less a carriage return before it.
        const alone = Buffer.from(`${text}${eol}`.slice(0, -1).replace(/\r$/, ''), 'utf8');
        const cut = row();
        const inFile = Buffer.from(`x${text}${eol}${after}`, 'utf8');
        const whole = row();
        const lf = reader.readLine(inFile, 1, inFile.length, whole);
        expect(lf).toBe(reader.read(alone, 0, alone.length, cut) ? Buffer.byteLength(`x${text}${eol}`) - 1 : -1);
        if (lf >= 0) expect(whole).toEqual(cut);
      }),
      { numRuns: 5_000 },
    );
  });

  it('reads a plain decimal as the very double Number() gives, and leaves anything else to the string reader', () => {
    const reader = new BytesRowReader(7, COLUMN_AT, false);
    const out: RowValues = { day: 0, open: 0, high: 0, low: 0, close: 0, volume: 0, repaired: false };
    const read = (field: string) => {
      const line = Buffer.from(`2003-01-02,${field},${field},${field},${field},1,${field}`, 'utf8');
      return reader.read(line, 0, line.length, out) ? out.open : undefined;
    };
    const decimal = fc.tuple(fc.stringMatching(/^[0-9]{0,18}$/), fc.option(fc.stringMatching(/^[0-9]{0,18}$/))).map(([a, b]) => (b === null ? a : `${a}.${b}`));
    fc.assert(
      fc.property(fc.oneof(decimal, fc.string({ maxLength: 12 })), (text) => {
        const value = read(text);
        const plain = /^(\d+\.?\d*|\.\d+)$/.test(text) && text.replace('.', '').length <= 15;
        if (plain && Number(text) > 0) expect(Object.is(value, Number(text))).toBe(true);
        else expect(value).toBeUndefined();
      }),
      { numRuns: 20_000 },
    );
    expect(read('123456789012345.6')).toBeUndefined(); // 16 digits: left to Number()
    expect(read('0.1')).toBe(0.1);
  });
});
