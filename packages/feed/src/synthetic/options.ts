import { Type, type Static } from '@sinclair/typebox';

const Rate = (description: string) => Type.Number({ minimum: 0, maximum: 1, default: 0, description });

/** Seeded chaos: each tick of each symbol draws its own faults, so a seed replays the same chaos. */
export const FaultOptions = Type.Object(
  {
    failureRate: Rate('chance per poll of a plain failure (Fallback "injected")'),
    staleRate: Rate('chance per poll that a burst of stale data starts'),
    staleBurstTicks: Type.Integer({ minimum: 1, default: 3, description: 'polls a stale burst lasts' }),
    garbageRate: Rate("chance per poll that the tick's bar arrives corrupted (NaN, negative, high < low)"),
    slowRate: Rate('chance per poll of a slow response'),
    slowMs: Type.Integer({ minimum: 0, default: 5_000, description: 'delay of a slow response, on the engine scheduler' }),
    timeoutMs: Type.Integer({ minimum: 1, default: 2_000, description: 'a slow response at or over this becomes a timeout' }),
  },
  { additionalProperties: false, default: {} },
);

export const SyntheticOptions = Type.Object(
  {
    historyBars: Type.Optional(Type.Integer({ minimum: 0, description: 'bars before tick 1 on the first poll; default config.data.minBars' })),
    startPrice: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'close of bar 0; default derived from the symbol' })),
    volatility: Type.Number({ exclusiveMinimum: 0, maximum: 10, default: 1, description: "multiplies every regime's volatility" }),
    faults: FaultOptions,
  },
  { additionalProperties: false },
);

export type FaultOptions = Static<typeof FaultOptions>;
export type SyntheticOptions = Static<typeof SyntheticOptions>;
