import type { Bar } from '../events/bar.js';

export type StrategyParams = Readonly<Record<string, number>>;

/**
 * A strategy is a pure function of the bar window (oldest first) and its parameters,
 * returning a target weight in [-1, 1]. It is only called with at least `window(params)` bars.
 * Pure means no clock, randomness, I/O or state kept between calls: `replay` re-runs it on the
 * recorded bars and refuses a run whose re-derived signals differ from the log.
 *
 * @example const registry = createRegistry([{ name: 'always-long', defaults: {}, window: () => 1, target: () => 1 }]);
 */
export interface Strategy {
  readonly name: string;
  readonly defaults: StrategyParams;
  /** Bars the strategy needs; the engine never signals with fewer. */
  window(params: StrategyParams): number;
  target(bars: readonly Bar[], params: StrategyParams): number;
  /** Throws with a readable message when params make no sense (e.g. fast >= slow). */
  check?(params: StrategyParams): void;
  /**
   * Where the code came from, as SessionStarted records it: set by a loader (the CLI's
   * `--strategy-file` sets the file's path as given). Left out: 'builtin' or 'embedded'.
   */
  readonly origin?: string;
  /** sha256 of the code (for a file: the module and the local files it imports). Left out: a hash of the functions' source. */
  readonly sha256?: string;
}

export const clip = (x: number, lo = -1, hi = 1): number => (x < lo ? lo : x > hi ? hi : x);

/**
 * Mean of closes over the last n bars, summed afresh from the window every time (no drift) and
 * measured from the last close, so that a constant series gives back exactly that constant.
 */
export function sma(bars: readonly Bar[], n: number): number {
  const ref = bars[bars.length - 1]!.close;
  let sum = 0;
  for (let i = bars.length - n; i < bars.length; i++) sum += bars[i]!.close - ref;
  return ref + sum / n;
}

/** Relative differences below this are float noise, not information. */
export const NOISE = 1e-12;

/** Mean and sample standard deviation, shifted by the first value so constant input gives exactly 0. */
export function meanStdev(values: readonly number[]): { mean: number; sd: number } {
  const n = values.length;
  const ref = values[0] ?? 0;
  let shifted = 0;
  for (const v of values) shifted += v - ref;
  shifted /= n;
  let ss = 0;
  for (const v of values) ss += (v - ref - shifted) * (v - ref - shifted);
  const sd = n < 2 ? 0 : Math.sqrt(ss / (n - 1));
  const mean = ref + shifted;
  return { mean, sd: sd <= NOISE * Math.abs(mean) ? 0 : sd };
}

/** Sample standard deviation (0 for constant input, exactly). */
export const stdev = (values: readonly number[]): number => meanStdev(values).sd;

/** The closes of the last n bars (all of them when there are fewer), oldest first. A loop: `slice` of a frozen window takes V8's slow path. */
export function lastCloses(bars: readonly Bar[], n: number): number[] {
  const closes: number[] = [];
  for (let i = Math.max(0, bars.length - n); i < bars.length; i++) closes.push(bars[i]!.close);
  return closes;
}
