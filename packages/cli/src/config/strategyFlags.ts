import { TickfoldError } from '@tickfold/core';
import { parseInteger, parseList } from '../args/values.js';
import type { RunFlags } from './flags.js';
import { section, type Json } from './json.js';

/** --strategy a,b (equal weights) and --fast/--slow onto sma-cross's params. */
export function applyStrategyFlags(out: Json, flags: RunFlags): void {
  const names = flags.strategy === undefined ? undefined : parseList('--strategy', flags.strategy);
  if (names) out['strategies'] = names.map((name) => ({ name, weight: 1 / names.length, params: {} }));
  if (flags.fast === undefined && flags.slow === undefined) return;
  const specs = (Array.isArray(out['strategies']) ? out['strategies'] : []) as Json[];
  const sma = specs.find((s) => s['name'] === 'sma-cross');
  if (!sma) throw new TickfoldError('E_FLAG_INVALID', '--fast and --slow set the sma-cross strategy; add --strategy sma-cross', { flag: flags.fast !== undefined ? '--fast' : '--slow' });
  const params = section(sma, 'params');
  if (flags.fast !== undefined) params['fast'] = parseInteger('--fast', flags.fast, 1);
  if (flags.slow !== undefined) params['slow'] = parseInteger('--slow', flags.slow, 2);
}
