import type { Config } from '../config/schema.js';
import { resolveStrategies, strategiesWindow, builtinStrategies, type ResolvedStrategy, type StrategyRegistry } from '../strategies/registry.js';
import { seededRandom, type RandomSource } from '../random/seeded.js';

/** Everything `decide` needs besides the state: resolved once per session. */
export interface DecideContext {
  readonly config: Config;
  readonly strategies: readonly ResolvedStrategy[];
  /** Bars a symbol needs before it may signal: max(minBars, slowest strategy window). */
  readonly minBars: number;
  /** Bars kept per symbol. */
  readonly windowSize: number;
  readonly random: RandomSource;
}

export function decideContext(config: Config, registry: StrategyRegistry = builtinStrategies, random?: RandomSource): DecideContext {
  const strategies = resolveStrategies(config.strategies, registry);
  const minBars = Math.max(config.data.minBars, strategiesWindow(strategies));
  return { config, strategies, minBars, windowSize: minBars, random: random ?? seededRandom(config.seed) };
}
