import { Type, type Static } from '@sinclair/typebox';
import { SYMBOL_PATTERN } from '@tickfold/core/internal';

export const CsvOptions = Type.Object(
  {
    files: Type.Union(
      [
        Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: 'paths; the symbol comes from each file name' }),
        Type.Record(Type.String({ pattern: SYMBOL_PATTERN.source }), Type.String({ minLength: 1 }), {
          minProperties: 1,
          description: 'symbol → path',
        }),
      ],
      { description: 'CSV files in Yahoo download format, as given (relative paths resolve against the base directory)' },
    ),
    adjusted: Type.Boolean({ default: false, description: 'scale OHLC by Adj Close / Close' }),
    strict: Type.Boolean({ default: false, description: 'a bad row is an error instead of being skipped and reported' }),
    from: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'first date to use, YYYY-MM-DD (inclusive)' })),
    to: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'last date to use, YYYY-MM-DD (inclusive)' })),
  },
  { additionalProperties: false },
);

export type CsvOptions = Static<typeof CsvOptions>;
