import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TickfoldError } from '@tickfold/core';
import { referenceCsvBars, referenceRecords } from '../test-support/csvReference.js';
import { csvBars, type CsvBarsOptions } from './bars.js';
import { plainDecimal } from './bytesRow.js';
import { chunked } from '../test-support/chunked.js';
import { CsvLines } from './records.js';
import { CSV_HEADERS, CSV_ROW, csvText } from '../test-support/randomCsv.js';

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
  it('are the bars, problems, repairs and errors of the string reader they replace, however the bytes are cut', () => {
    const options = fc.record({ adjusted: fc.boolean(), strict: fc.boolean() }, { requiredKeys: [] });
    fc.assert(
      fc.property(CSV_HEADERS, fc.array(CSV_ROW, { maxLength: 40 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), options, fc.array(fc.integer({ min: 1, max: 90 }), { maxLength: 30 }), (header, rows, eol, bom, opts: CsvBarsOptions, sizes) => {
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
