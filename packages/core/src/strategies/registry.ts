import { TickfoldError, isTickfoldError } from '../errors.js';
import type { Bar } from '../events/bar.js';
import type { StrategySpec } from '../config/schema.js';
import { sha256Hex } from '../chain/hash.js';
import { TICKFOLD_VERSION } from '../version.js';
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
  /** Bars it needs with these params: a positive integer. */
  readonly window: number;
  /** 'builtin', 'embedded' or the file it was loaded from (as given). */
  readonly origin: string;
  /** sha256 of its code. */
  readonly sha256: string;
}

/**
 * A hash of a strategy's own functions' source, for strategies no loader has hashed (embedded).
 * It covers neither the helpers they call nor how they were compiled: a loader's hash is better.
 */
export const functionsHash = (s: Strategy): string =>
  sha256Hex(['tickfold/strategy/v1', s.name, JSON.stringify(s.defaults), String(s.window), String(s.target), String(s.check ?? '')].join('\n'));

/** A built-in's code is the tickfold release it ships in (its compiled text differs between builds of the same source). */
const builtinHash = (s: Strategy): string => sha256Hex(`tickfold/builtin/${s.name}@${TICKFOLD_VERSION}`);

function provenance(s: Strategy): { origin: string; sha256: string } {
  if (s.origin !== undefined && s.sha256 !== undefined) return { origin: s.origin, sha256: s.sha256 };
  if (builtinStrategies.get(s.name) === s) return { origin: 'builtin', sha256: builtinHash(s) };
  return { origin: s.origin ?? 'embedded', sha256: s.sha256 ?? functionsHash(s) };
}

/** Calls a strategy's window(); anything but a positive integer is E_STRATEGY_WINDOW. */
function windowOf(s: Strategy, params: StrategyParams): number {
  let window: unknown;
  try {
    window = s.window(params);
  } catch (e) {
    throw new TickfoldError('E_STRATEGY_WINDOW', `strategy '${s.name}' threw in window(${JSON.stringify(params)}): ${(e as Error)?.message ?? String(e)}; window() must return the number of bars the strategy needs`, { strategy: s.name });
  }
  if (!Number.isSafeInteger(window) || (window as number) < 1) {
    throw new TickfoldError('E_STRATEGY_WINDOW', `strategy '${s.name}' has window ${JSON.stringify(window) ?? String(window)} for params ${JSON.stringify(params)}; window() must return a positive integer (the bars the strategy needs)`, { strategy: s.name, window: String(window) });
  }
  return window as number;
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
    return { strategy, weight: spec.weight, params, window: windowOf(strategy, params), ...provenance(strategy) };
  });
}

/** The number of bars the slowest configured strategy needs. */
export const strategiesWindow = (resolved: readonly ResolvedStrategy[]): number =>
  Math.max(1, ...resolved.map((r) => r.window));

/** Where targets are combined, for error messages: a text, or a symbol's tick (written out only when an error needs it). */
export type TargetsWhere = string | { readonly symbol: string; readonly tick: number };
const whereText = (where: TargetsWhere): string => (typeof where === 'string' ? where : `${where.symbol} at tick ${where.tick}`);

/**
 * Weighted average of the strategies' targets, clipped to [-1, 1]. Components keyed by name
 * (index-suffixed on repeats). A strategy is untrusted code: a target that throws, is not a
 * finite number or lies outside [-1, 1] is a coded error naming the strategy and `where`.
 */
export function combineTargets(
  resolved: readonly ResolvedStrategy[],
  bars: readonly Bar[],
  where: TargetsWhere = '',
): { target: number; components: Record<string, number> } {
  let sum = 0;
  let weights = 0;
  const components: Record<string, number> = {};
  for (let i = 0; i < resolved.length; i++) {
    const r = resolved[i]!;
    let raw: unknown;
    try {
      raw = r.strategy.target(bars, r.params);
    } catch (e) {
      const at = whereText(where);
      throw new TickfoldError('E_STRATEGY_THREW', `strategy '${r.strategy.name}' threw${at ? ` for ${at}` : ''}: ${(e as Error)?.message ?? String(e)}; fix the strategy's target() (the run stopped after the last whole tick)`, { strategy: r.strategy.name, where: at });
    }
    if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < -1 || raw > 1) {
      const at = whereText(where);
      throw new TickfoldError('E_STRATEGY_OUTPUT', `strategy '${r.strategy.name}' returned ${typeof raw === 'number' ? raw : JSON.stringify(raw) ?? String(raw)}${at ? ` for ${at}` : ''}; a target must be a finite number in [-1, 1] — fix the strategy's target()`, { strategy: r.strategy.name, where: at });
    }
    const key = components[r.strategy.name] === undefined ? r.strategy.name : `${r.strategy.name}#${i}`;
    components[key] = raw;
    sum += raw * r.weight;
    weights += r.weight;
  }
  return { target: clip(sum / weights), components };
}
