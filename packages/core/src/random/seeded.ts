import seedrandom from 'seedrandom';

/** A stream of uniform numbers in [0, 1). */
export type Rng = () => number;

/**
 * Where randomness comes from: one independent stream per (symbol, tick, purpose), so adding a
 * symbol never perturbs another's draws and a resumed run draws what an uninterrupted one did.
 */
export type RandomSource = (symbol: string, tick: number, purpose: string) => Rng;

/**
 * The default source: seedrandom's `alea` keyed `seed|symbol|tick|purpose`. The one home of that
 * key: the broker's slippage noise (decide/context.ts), the feed's backoff jitter
 * (feed/yahoo/backoff.ts), synthetic bars (feed/synthetic/path.ts) and injected faults
 * (feed/synthetic/faults.ts) all draw from it.
 */
export const seededRandom =
  (seed: number): RandomSource =>
  (symbol, tick, purpose) =>
    seedrandom.alea(`${seed}|${symbol}|${tick}|${purpose}`);
