import { describe, expect, it } from 'vitest';
import { applyRunFlags } from './flags.js';
import { parseParamAssignment } from './strategyFlags.js';

const strategies = (flags: Parameters<typeof applyRunFlags>[1], loaded: string[] = []) => (applyRunFlags(undefined, flags, loaded) as { strategies?: unknown }).strategies;

describe('strategy flags', () => {
  it('--param NAME.KEY=VALUE sets a parameter of a configured strategy', () => {
    expect(strategies({ strategy: 'sma-cross', param: ['sma-cross.fast=5', 'sma-cross.slow=50'] })).toEqual([{ name: 'sma-cross', weight: 1, params: { fast: 5, slow: 50 } }]);
  });

  it('a lone strategy from --strategy-file needs no --strategy; several do', () => {
    expect(strategies({}, ['rsi-reversion'])).toEqual([{ name: 'rsi-reversion', weight: 1, params: {} }]);
    expect(() => strategies({}, ['a', 'b'])).toThrow(/E_FLAG_INVALID: --strategy-file loaded 2 strategies \(a, b\); choose with --strategy/);
  });

  it('refuses --param for a strategy the run does not use, or text that is not NAME.KEY=VALUE', () => {
    expect(() => strategies({ strategy: 'momentum', param: ['sma-cross.fast=5'] })).toThrow(/--param sets strategy 'sma-cross', which this run does not use \(momentum\)/);
    for (const bad of ['fast=5', 'sma-cross.fast', 'sma-cross.=5', '.fast=5', 'sma-cross.fast=']) expect(() => parseParamAssignment('--param', bad)).toThrow(/is not NAME.KEY=VALUE/);
    expect(() => strategies({ strategy: 'sma-cross', param: ['sma-cross.fast=ten'] })).toThrow(/E_FLAG_INVALID: --param "ten" is not a number/);
  });

  it('a strategy name may contain dots: the key is after the last one', () => {
    expect(parseParamAssignment('--param', 'my.strat.n=3')).toEqual({ name: 'my.strat', key: 'n', value: '3' });
  });
});
