import { TickfoldError, isTickfoldError } from '../errors.js';
import type { Bar } from '../events/bar.js';
import type { StrategySpec } from '../config/schema.js';
import { clip, type Strategy, type StrategyParams } from './strategy.js';
import { momentum } from './momentum.js';
import { meanReversion } from './meanReversion.js';
import { smaCross } from './smaCross.js';

export type StrategyRegistry = ReadonlyMap<string, Strategy>;

export const builtinStrategies: StrategyRegistry = new Map([momentum, meanReversion, smaCross].map((s) => [s.name, s]));

/** A registry with the built-ins plus your own strategies (names must not clash). */
export function createRegistry(extra: readonly Strategy[] = []): StrategyRegistry {
  const registry = new Map(builtinStrategies);
  for (const s of extra) {
    if (registry.has(s.name)) throw new TickfoldError('E_STRATEGY_EXISTS', `a strategy named '${s.name}' is already registered; pick another name`);
    registry.set(s.name, s);
  }
  return registry;
}

export interface ResolvedStrategy {
  readonly strategy: Strategy;
  readonly weight: number;
  readonly params: StrategyParams;
}

/** Looks up each configured strategy and merges its params over the defaults; unknown names or params fail loudly. */
export function resolveStrategies(specs: readonly StrategySpec[], registry: StrategyRegistry): ResolvedStrategy[] {
  return specs.map((spec, i) => {
    const strategy = registry.get(spec.name);
    const pointer = `/strategies/${i}`;
    if (!strategy) {
      throw new TickfoldError(
        'E_CONFIG_INVALID',
        `config field ${pointer}/name: unknown strategy '${spec.name}'; known: ${[...registry.keys()].sort().join(', ')}`,
        { pointers: [`${pointer}/name`] },
      );
    }
    for (const key of Object.keys(spec.params)) {
      if (!(key in strategy.defaults)) {
        throw new TickfoldError(
          'E_CONFIG_INVALID',
          `config field ${pointer}/params/${key}: '${spec.name}' has no parameter '${key}'; it takes ${Object.keys(strategy.defaults).sort().join(', ') || 'none'}`,
          { pointers: [`${pointer}/params/${key}`] },
        );
      }
    }
    const params = { ...strategy.defaults, ...spec.params };
    try {
      strategy.check?.(params);
    } catch (e) {
      throw new TickfoldError('E_CONFIG_INVALID', `config field ${pointer}/params: ${isTickfoldError(e) ? e.message.slice(e.code.length + 2) : (e as Error).message}`, { pointers: [`${pointer}/params`] }, { cause: e });
    }
    return { strategy, weight: spec.weight, params };
  });
}

/** The number of bars the slowest configured strategy needs. */
export const strategiesWindow = (resolved: readonly ResolvedStrategy[]): number =>
  Math.max(1, ...resolved.map((r) => r.strategy.window(r.params)));

/** Weighted average of the strategies' targets, clipped to [-1, 1]. Components keyed by name (index-suffixed on repeats). */
export function combineTargets(
  resolved: readonly ResolvedStrategy[],
  bars: readonly Bar[],
  where = '',
): { target: number; components: Record<string, number> } {
  let sum = 0;
  let weights = 0;
  const components: Record<string, number> = {};
  resolved.forEach((r, i) => {
    const raw = r.strategy.target(bars, r.params);
    if (!Number.isFinite(raw)) {
      throw new TickfoldError('E_STRATEGY_OUTPUT', `strategy '${r.strategy.name}' returned ${raw}${where ? ` for ${where}` : ''}; a target must be a finite number in [-1, 1] — fix the strategy's target()`, { strategy: r.strategy.name, where });
    }
    const t = clip(raw);
    const key = components[r.strategy.name] === undefined ? r.strategy.name : `${r.strategy.name}#${i}`;
    components[key] = t;
    sum += t * r.weight;
    weights += r.weight;
  });
  return { target: clip(sum / weights), components };
}
