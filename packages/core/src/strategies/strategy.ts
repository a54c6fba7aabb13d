import type { Bar } from '../events/bar.js';

export type StrategyParams = Readonly<Record<string, number>>;

/**
 * A strategy is a pure function of the bar window (oldest first) and its parameters,
 * returning a target weight in [-1, 1]. It is only called with at least `window(params)` bars.
 *
 * @example registerStrategy(registry, { name: 'always-long', defaults: {}, window: () => 1, target: () => 1 })
 */
export interface Strategy {
  readonly name: string;
  readonly defaults: StrategyParams;
  /** Bars the strategy needs; the engine never signals with fewer. */
  window(params: StrategyParams): number;
  target(bars: readonly Bar[], params: StrategyParams): number;
  /** Throws with a readable message when params make no sense (e.g. fast >= slow). */
  check?(params: StrategyParams): void;
}

export const clip = (x: number, lo = -1, hi = 1): number => (x < lo ? lo : x > hi ? hi : x);

/** Mean of closes over the last n bars. Summed afresh from the window every time: no drift. */
export function sma(bars: readonly Bar[], n: number): number {
  let sum = 0;
  for (let i = bars.length - n; i < bars.length; i++) sum += bars[i]!.close;
  return sum / n;
}

/** Sample standard deviation of the last n closes. */
export function stdev(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  let mean = 0;
  for (const v of values) mean += v;
  mean /= n;
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  return Math.sqrt(ss / (n - 1));
}

export function lastCloses(bars: readonly Bar[], n: number): number[] {
  return bars.slice(bars.length - n).map((b) => b.close);
}
