import { Type, type Static } from '@sinclair/typebox';
import { IsoTime, Symbol } from '../events/bar.js';
import { FillModel } from '../events/trading.js';

/**
 * Upper bounds that keep an accepted config runnable: numbers inside the range the engine's
 * arithmetic and ISO times support, memory bounded (documented in packages/cli/README.md, "Limits").
 */
export const LIMITS = {
  symbols: 1_000,
  /** One year: a clock step beyond it leaves the ISO time range within a few ticks. */
  stepMs: 366 * 86_400_000,
  /** Per symbol; 1e12 leaves equity, fees and notional far from overflow. */
  cash: 1e12,
  /** Bars a strategy may look back (min-bars and every strategy's window). */
  bars: 10_000,
  weight: 1_000,
  /** The last tick of a virtual clock must fall before this time. */
  lastTime: '9999-12-31T23:59:59.999Z',
} as const;

const Fraction = (def: number) => Type.Number({ exclusiveMinimum: 0, maximum: 1, default: def });
const OptionalLimit = (def: number) =>
  Type.Union([Type.Number({ exclusiveMinimum: 0, maximum: 1 }), Type.Null()], { default: def });

export const StrategySpec = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    weight: Type.Number({ exclusiveMinimum: 0, maximum: LIMITS.weight, default: 1 }),
    params: Type.Object({}, { additionalProperties: Type.Number(), default: {} }),
  },
  { additionalProperties: false },
);

export const Config = Type.Object(
  {
    seed: Type.Integer({ minimum: 0, maximum: 2 ** 53 - 1, default: 42 }),
    symbols: Type.Array(Symbol, { minItems: 1, maxItems: LIMITS.symbols, uniqueItems: true, default: ['SPY'] }),
    clock: Type.Object(
      {
        mode: Type.Union([Type.Literal('virtual'), Type.Literal('real')], { default: 'virtual' }),
        start: Type.Union([IsoTime], { default: '2024-01-02T00:00:00.000Z' }),
        stepMs: Type.Integer({ minimum: 1, maximum: LIMITS.stepMs, default: 86_400_000 }),
      },
      { additionalProperties: false, default: {} },
    ),
    cash: Type.Number({ exclusiveMinimum: 0, maximum: LIMITS.cash, default: 100_000 }),
    data: Type.Object(
      {
        minBars: Type.Integer({ minimum: 1, maximum: LIMITS.bars, default: 50 }),
        maxDataAgeMs: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
          default: null,
          description: 'null: 1 hour for intraday bars, 5 days for daily bars (weekends, holidays)',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    strategies: Type.Array(StrategySpec, {
      minItems: 1,
      default: [
        { name: 'momentum', weight: 0.5, params: {} },
        { name: 'mean-reversion', weight: 0.5, params: {} },
      ],
    }),
    broker: Type.Object(
      {
        fill: Type.Union(FillModel.anyOf, { default: 'close' }),
        sizing: Type.Union([Type.Literal('fractional'), Type.Literal('whole')], { default: 'fractional' }),
        feeBps: Type.Number({ minimum: 0, maximum: 1000, default: 1 }),
        slippageBps: Type.Number({ minimum: 0, maximum: 1000, default: 2 }),
        slippageNoiseBps: Type.Number({ minimum: 0, maximum: 1000, default: 0 }),
        rebalanceBand: Type.Number({ minimum: 0, maximum: 2, default: 0.05 }),
        maxPosition: Fraction(1),
        allowShort: Type.Boolean({ default: true }),
      },
      { additionalProperties: false, default: {} },
    ),
    risk: Type.Object(
      {
        maxDrawdown: OptionalLimit(0.2),
        dailyLoss: OptionalLimit(0.05),
        maxConsecutiveFallbacks: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { default: 5 }),
      },
      { additionalProperties: false, default: {} },
    ),
    feed: Type.Object(
      {
        kind: Type.String({ minLength: 1, default: 'synthetic' }),
        options: Type.Object({}, { additionalProperties: true, default: {} }),
      },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false, $id: 'Config' },
);

/** A complete config: every default filled in. This is what SessionStarted records. */
export type Config = Static<typeof Config>;
export type StrategySpec = Static<typeof StrategySpec>;
/** What a user writes: any field may be left out and gets its default. */
export type ConfigInput = DeepPartial<Config>;
type DeepPartial<T> = T extends readonly (infer U)[] ? readonly U[] : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;
