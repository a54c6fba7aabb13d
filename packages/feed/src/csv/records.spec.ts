import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { CsvLines, type ChunkSource } from './records.js';

/** The text as a byte source cut at the given sizes (then the rest). */
const chunked = (text: string, sizes: readonly number[]): ChunkSource => {
  const bytes = Buffer.from(text, 'utf8');
  let at = 0;
  let i = 0;
  return () => {
    if (at >= bytes.length) return undefined;
    const size = sizes[i++] ?? bytes.length;
    const chunk = bytes.subarray(at, at + Math.max(1, size));
    at += chunk.length;
    return chunk;
  };
};

const all = (text: string, sizes: readonly number[]) => {
  const lines = new CsvLines(chunked(text, sizes), 'p.csv', () => chunked(text, []));
  const out: { fields: string[]; line: number }[] = [];
  while (lines.next()) out.push({ fields: lines.fieldStrings(), line: lines.line });
  return out;
};

const reference = (text: string) =>
  (parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[])
    .map((r) => ({ fields: r.record, line: r.info.lines }));

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
