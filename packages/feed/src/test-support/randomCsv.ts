import fc from 'fast-check';

// Rows near a running date, with every way a field can go wrong or be written unusually.
const DATE = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: -3, max: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom('2003-02-30', '2003-13-01', ' 2003-01-02', '2003/01/02', '', '03-01-02', '2004-02-29', '2003-02-29', '0000-02-29', '１２３４-01-01', '2003-01-022', '2003-01-2', '2003-1-02', '2003-01-02T00:00:00Z') },
);
const NUMBER = fc.oneof(
  { weight: 10, arbitrary: fc.tuple(fc.nat(999_999), fc.integer({ min: 0, max: 8 })).map(([n, d]) => (d === 0 ? String(n) : (n / 10 ** d).toFixed(d))) },
  { weight: 1, arbitrary: fc.constantFrom('0', '-1', ' 1.5', '1.5 ', '1e3', '+2', '.5', '5.', '.', 'abc', '', 'null', '1234567890123456.7', '9007199254740993', '0.30000000000000004', '00012.5000', 'é', '1,5') },
);
/** A data row: a day step (or a bad date), six number fields, quoted or not, and its shape. */
export type CsvRow = readonly [number | string, readonly string[], boolean, number];
export const CSV_ROW = fc.tuple(DATE, fc.array(NUMBER, { minLength: 6, maxLength: 6 }), fc.boolean(), fc.nat(20));
export const CSV_HEADERS = fc.constantFrom(
  'Date,Open,High,Low,Close,Adj Close,Volume',
  'date, open ,HIGH,Low,Close,Volume,Adj Close',
  'Volume,Close,Low,High,Open,Date,Adj Close,Note',
  'Date,Open,High,Low,Close,Volume',
  '"Date",Open,High,Low,Close,Adj Close,Volume',
  'Date;Open;High',
);

/** A CSV text of `rows` under `header`, the first date `startDay` (default 2003-01-02) moved by the first row's step. */
export function csvText(header: string, rows: readonly CsvRow[], eol: string, bom: boolean, startDay = '2003-01-02'): string {
  const names = header.split(',').map((h) => h.replace(/"/g, '').trim().toLowerCase());
  let day = Date.parse(`${startDay}T00:00:00.000Z`);
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

/** A row that is a valid bar unless its date says otherwise: prices ordered low ≤ open, close ≤ high. */
export const CSV_GOOD_ROW: fc.Arbitrary<CsvRow> = fc.tuple(DATE, fc.array(fc.integer({ min: 1, max: 99_999 }), { minLength: 4, maxLength: 4 }), fc.nat(9_999_999)).map(([date, prices, volume]) => {
  const [low, open, close, high] = [...prices].sort((a, b) => a - b).map((p) => (p / 100).toFixed(2));
  return [date, [open!, high!, low!, close!, close!, String(volume)], false, 20] as const;
});
