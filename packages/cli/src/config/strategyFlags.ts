import { TickfoldError } from '@tickfold/core';
import { parseInteger, parseList, parseNumber } from '../args/values.js';
import type { RunFlags } from './flags.js';
import { section, type Json } from './json.js';

/** `NAME.KEY=VALUE` (--param) or `NAME.KEY=V1,V2` (--grid): the strategy, the parameter and the raw value text. */
export function parseParamAssignment(flag: string, text: string): { name: string; key: string; value: string } {
  const eq = text.indexOf('=');
  const left = eq < 0 ? text : text.slice(0, eq);
  const dot = left.lastIndexOf('.');
  if (eq < 0 || dot <= 0 || dot === left.length - 1 || text.slice(eq + 1).trim() === '') {
    throw new TickfoldError('E_FLAG_INVALID', `${flag} ${JSON.stringify(text)} is not NAME.KEY=VALUE; for example: ${flag} sma-cross.fast=${flag === '--grid' ? '5,10,20' : '10'}`, { flag, value: text });
  }
  return { name: left.slice(0, dot).trim(), key: left.slice(dot + 1).trim(), value: text.slice(eq + 1).trim() };
}

/** The params object of the configured strategy `name`, or E_FLAG_INVALID when it is not configured. */
export function paramsOf(out: Json, name: string, flag: string): Json {
  const specs = (Array.isArray(out['strategies']) ? out['strategies'] : []) as Json[];
  const spec = specs.find((s) => s['name'] === name);
  if (!spec) {
    const names = specs.map((s) => String(s['name']));
    throw new TickfoldError('E_FLAG_INVALID', `${flag} sets strategy '${name}', which this run does not use (${names.join(', ') || 'none'}); add it with --strategy ${name}`, { flag });
  }
  return section(spec, 'params');
}

/**
 * --strategy a,b (equal weights; a lone strategy from --strategy-file when none is named),
 * --param NAME.KEY=VALUE, and --fast/--slow onto sma-cross's params.
 */
export function applyStrategyFlags(out: Json, flags: RunFlags, loaded: readonly string[] = []): void {
  let names = flags.strategy === undefined ? undefined : parseList('--strategy', flags.strategy);
  if (!names && loaded.length > 0 && out['strategies'] === undefined) {
    if (loaded.length > 1) {
      throw new TickfoldError('E_FLAG_INVALID', `--strategy-file loaded ${loaded.length} strategies (${loaded.join(', ')}); choose with --strategy NAME[,NAME…]`, { flag: '--strategy' });
    }
    names = [...loaded];
  }
  if (names) out['strategies'] = names.map((name) => ({ name, weight: 1 / names.length, params: {} }));
  for (const text of flags.param ?? []) {
    const { name, key, value } = parseParamAssignment('--param', text);
    paramsOf(out, name, '--param')[key] = parseNumber('--param', value, -Number.MAX_VALUE);
  }
  if (flags.fast === undefined && flags.slow === undefined) return;
  const specs = (Array.isArray(out['strategies']) ? out['strategies'] : []) as Json[];
  const sma = specs.find((s) => s['name'] === 'sma-cross');
  if (!sma) throw new TickfoldError('E_FLAG_INVALID', '--fast and --slow set the sma-cross strategy; add --strategy sma-cross', { flag: flags.fast !== undefined ? '--fast' : '--slow' });
  const params = section(sma, 'params');
  if (flags.fast !== undefined) params['fast'] = parseInteger('--fast', flags.fast, 1);
  if (flags.slow !== undefined) params['slow'] = parseInteger('--slow', flags.slow, 2);
}
