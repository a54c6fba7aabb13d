import seedrandom from 'seedrandom';

/** A stream of uniform numbers in [0, 1). */
export type Rng = () => number;

/**
 * Where randomness comes from: one independent stream per (symbol, tick, purpose), so adding a
 * symbol never perturbs another's draws and a resumed run draws what an uninterrupted one did.
 */
export type RandomSource = (symbol: string, tick: number, purpose: string) => Rng;

/** The default source: seedrandom's `alea`, seeded from (seed, symbol, tick, purpose). */
export const seededRandom =
  (seed: number): RandomSource =>
  (symbol, tick, purpose) =>
    seedrandom.alea(`${seed}|${symbol}|${tick}|${purpose}`);
