import { Type, type Static } from '@sinclair/typebox';

/** ISO-8601 UTC instant with milliseconds, e.g. `2024-01-02T00:00:00.000Z`. */
export const IsoTime = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$',
  description: 'UTC instant as produced by Date.prototype.toISOString()',
});

/** A finite price strictly above zero. */
export const Price = Type.Number({ exclusiveMinimum: 0 });

/** Symbols as Yahoo spells them: SPY, BRK-B, EURUSD=X, ^GSPC, OCDO.L. */
export const Symbol = Type.String({ pattern: '^[A-Z0-9^][A-Z0-9.=^-]{0,19}$' });

/** One OHLCV bar. `time` is the bar's open time. Sanitized: low <= open, close <= high. */
export const Bar = Type.Object(
  {
    time: IsoTime,
    open: Price,
    high: Price,
    low: Price,
    close: Price,
    volume: Type.Number({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type Bar = Static<typeof Bar>;
