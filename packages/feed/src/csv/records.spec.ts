import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chunked } from '../test-support/chunked.js';
import { referenceRecords } from '../test-support/csvReference.js';
import { CsvLines } from './records.js';

const all = (text: string, sizes: readonly number[]) => {
  const lines = new CsvLines(chunked(text, sizes), 'p.csv', () => chunked(text, []));
  const out: { fields: string[]; line: number }[] = [];
  while (lines.next()) out.push({ fields: lines.fieldStrings(), line: lines.line });
  return out;
};

const reference = (text: string) => {
  const next = referenceRecords(text);
  const out: { fields: string[]; line: number }[] = [];
  for (let r = next(); r; r = next()) out.push(r);
  return out;
};

describe('CSV records, streamed', () => {
  it('gives exactly what csv-parse gives for the whole text, however the bytes are cut', () => {
    const field = fc.oneof(
      fc.constantFrom('', '2003-01-02', '10.94', 'null', ' 1 ', 'é', '1e5'),
      fc.constantFrom('"a,b"', '"x ""y"""', '"two\nlines"'),
    );
    const line = fc.array(field, { minLength: 1, maxLength: 7 }).map((fs) => fs.join(','));
    const text = fc.tuple(fc.boolean(), fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
      .map(([bom, lines, eol, trailing]) => (bom ? '\ufeff' : '') + lines.join(eol) + (trailing ? eol : ''));
    fc.assert(
      fc.property(text, fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 30 }), (t, sizes) => {
        expect(all(t, sizes)).toEqual(reference(t));
      }),
      { numRuns: 500 },
    );
  });

  it('counts lines on across the switch to csv-parse when a quote turns up late', () => {
    const rows = Array.from({ length: 50 }, (_, i) => `2003-01-${String((i % 28) + 1).padStart(2, '0')},1,2`);
    const text = ['Date,Open,High', ...rows, '"2004-01-02",1,2', ''].join('\n');
    const got = all(text, [64, 64, 64]);
    expect(got).toEqual(reference(text));
    expect(got[got.length - 1]).toEqual({ fields: ['2004-01-02', '1', '2'], line: 52 });
  });
});
