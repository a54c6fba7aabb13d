import { Type, type Static } from '@sinclair/typebox';

const lit = <T extends string>(xs: readonly T[]) => xs.map((x) => Type.Literal(x));

/** Yahoo's bar intervals and their length, used to tell the still-forming bar. */
export const INTERVAL_MS = {
  '1m': 60_000, '2m': 120_000, '5m': 300_000, '15m': 900_000, '30m': 1_800_000, '60m': 3_600_000, '90m': 5_400_000,
  '1h': 3_600_000, '1d': 86_400_000, '5d': 432_000_000, '1wk': 604_800_000, '1mo': 2_678_400_000, '3mo': 7_948_800_000,
} as const;
export type Interval = keyof typeof INTERVAL_MS;
const RANGES = ['1d', '5d', '1mo', '3mo', '6mo', '1y', '2y', '5y', '10y', 'ytd', 'max'] as const;

export const YahooOptions = Type.Object(
  {
    baseUrl: Type.String({ pattern: '^https?://[^\\s]+$', default: 'https://query1.finance.yahoo.com', description: 'scheme and host of the chart API (--yahoo-base-url)' }),
    interval: Type.Union(lit(Object.keys(INTERVAL_MS) as Interval[]), { default: '1m' }),
    range: Type.Optional(Type.Union(lit(RANGES), { description: 'default: enough bars for minBars at this interval (defaultRange)' })),
    includePrePost: Type.Boolean({ default: false, description: 'ask for pre- and post-market bars' }),
    includePartial: Type.Boolean({ default: false, description: 'keep the still-forming current bar' }),
    timeoutMs: Type.Integer({ minimum: 1, default: 10_000, description: 'per request, headers and body together' }),
    maxBytes: Type.Integer({ minimum: 1, default: 5_000_000, description: 'a larger body is cut off and rejected' }),
    attempts: Type.Integer({ minimum: 1, maximum: 10, default: 3 }),
    backoffMs: Type.Integer({ minimum: 0, default: 1_000, description: 'wait before the second attempt, doubled for each further one' }),
    maxBackoffMs: Type.Integer({ minimum: 0, default: 30_000 }),
    jitter: Type.Number({ minimum: 0, maximum: 1, default: 0.5, description: 'fraction of each wait that is drawn at random (seeded)' }),
    minBars: Type.Optional(Type.Integer({ minimum: 1, description: 'default config.data.minBars' })),
  },
  { additionalProperties: false },
);

export type YahooOptions = Static<typeof YahooOptions>;
export type Range = (typeof RANGES)[number];

/**
 * A range that holds well over 50 bars of the interval and that Yahoo serves for it
 * (1-minute bars only for the last days, other intraday bars for about 60 days).
 *
 * @example defaultRange('1d') // '1y'
 */
export function defaultRange(interval: Interval): Range {
  const ms = INTERVAL_MS[interval];
  if (ms <= 60_000) return '5d';
  if (ms <= 1_800_000) return '1mo';
  if (ms < 86_400_000) return '3mo';
  if (ms === 86_400_000) return '1y';
  return ms <= 604_800_000 ? '5y' : 'max';
}
