import { builtinStrategies, TickfoldError, type Strategy, type StrategyParams } from '@tickfold/core';
import type { StrategyBundle } from './bundle.js';

const SHAPE = "export default { name: 'my-strategy', defaults: { n: 20 }, window: (p) => p.n, target: (bars, p) => 0 }";

const shapeError = (origin: string, exported: string, what: string) =>
  new TickfoldError('E_STRATEGY_LOAD', `strategy file ${origin}: export '${exported}' ${what}; a strategy looks like: ${SHAPE}`, { file: origin, export: exported });

const looksLikeStrategy = (v: unknown): boolean => v !== null && typeof v === 'object' && ('target' in v || 'window' in v);

/** Checks one exported value and copies it into a Strategy carrying its file and code hash. */
function toStrategy(bundle: StrategyBundle, exported: string, v: Record<string, unknown>): Strategy {
  const { origin } = bundle;
  if (typeof v['name'] !== 'string' || v['name'].trim() === '' || v['name'] !== v['name'].trim()) throw shapeError(origin, exported, "has no 'name' (a non-empty string without surrounding spaces)");
  const name = v['name'];
  const defaults = v['defaults'] ?? {};
  if (defaults === null || typeof defaults !== 'object' || Array.isArray(defaults)) throw shapeError(origin, exported, `('${name}') has 'defaults' that is not an object of numbers`);
  for (const [k, d] of Object.entries(defaults)) {
    if (typeof d !== 'number' || !Number.isFinite(d)) throw shapeError(origin, exported, `('${name}') has defaults.${k} = ${JSON.stringify(d) ?? String(d)}; every parameter is a finite number`);
  }
  for (const fn of ['window', 'target'] as const) {
    if (typeof v[fn] !== 'function') throw shapeError(origin, exported, `('${name}') has no function '${fn}'`);
  }
  if (v['check'] !== undefined && typeof v['check'] !== 'function') throw shapeError(origin, exported, `('${name}') has a 'check' that is not a function`);
  if (builtinStrategies.has(name)) {
    throw new TickfoldError('E_STRATEGY_EXISTS', `strategy file ${origin} defines '${name}', the name of a built-in strategy; rename it (built-ins: ${[...builtinStrategies.keys()].join(', ')})`, { file: origin, strategy: name });
  }
  const s = v as unknown as Strategy;
  const check = s.check;
  return {
    name,
    defaults: Object.freeze({ ...(defaults as StrategyParams) }),
    window: (p) => s.window(p),
    target: (bars, p) => s.target(bars, p),
    ...(check ? { check: (p: StrategyParams) => check.call(s, p) } : {}),
    origin,
    sha256: bundle.sha256,
  };
}

/**
 * Imports a bundled strategy file and returns its strategies: the default export (one strategy
 * or an array of them) and every named export that looks like one. Anything wrong is
 * E_STRATEGY_LOAD naming the file and the export; a built-in's name is E_STRATEGY_EXISTS.
 */
export async function strategiesOf(bundle: StrategyBundle): Promise<Strategy[]> {
  const key = `${bundle.sha256} ${bundle.origin}`;
  let loading = imported.get(key);
  if (!loading) {
    loading = importStrategies(bundle);
    imported.set(key, loading);
    loading.catch(() => imported.delete(key));
  }
  return loading;
}

/** A data: module is never unloaded: each distinct code is imported once per process (a sweep worker runs many jobs). */
const imported = new Map<string, Promise<Strategy[]>>();

async function importStrategies(bundle: StrategyBundle): Promise<Strategy[]> {
  let module: Record<string, unknown>;
  try {
    module = (await import(`data:text/javascript;base64,${Buffer.from(bundle.code).toString('base64')}`)) as Record<string, unknown>;
  } catch (e) {
    throw new TickfoldError('E_STRATEGY_LOAD', `cannot load strategy file ${bundle.origin}: it threw while loading: ${(e as Error)?.message ?? String(e)}; fix the file's top-level code`, { file: bundle.origin });
  }
  const found = new Map<unknown, string>();
  const def = module['default'];
  if (Array.isArray(def)) def.forEach((v, i) => found.set(v, `default[${i}]`));
  else if (def !== undefined) found.set(def, 'default');
  for (const [key, v] of Object.entries(module).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (key !== 'default' && looksLikeStrategy(v) && !found.has(v)) found.set(v, key);
  }
  if (found.size === 0) {
    throw new TickfoldError('E_STRATEGY_LOAD', `strategy file ${bundle.origin} exports no strategy; export one, e.g. ${SHAPE}`, { file: bundle.origin });
  }
  const strategies: Strategy[] = [];
  for (const [v, exported] of found) {
    if (v === null || typeof v !== 'object') throw shapeError(bundle.origin, exported, `is ${v === null ? 'null' : typeof v}, not a strategy object`);
    const s = toStrategy(bundle, exported, v as Record<string, unknown>);
    if (strategies.some((x) => x.name === s.name)) throw new TickfoldError('E_STRATEGY_EXISTS', `strategy file ${bundle.origin} exports two strategies named '${s.name}'; give each its own name`, { file: bundle.origin, strategy: s.name });
    strategies.push(s);
  }
  return strategies;
}
