import { describe, expect, it } from 'vitest';
import { resolveConfig, configHash } from '../index.js';
import { decideContext } from '../decide/context.js';
import { errorOf as fail } from '../test-support/errors.js';


describe('config', () => {
  it('fills every default', () => {
    const c = resolveConfig({});
    expect(c).toMatchObject({ seed: 42, symbols: ['SPY'], cash: 100_000, data: { minBars: 50 }, broker: { fill: 'close', rebalanceBand: 0.05, maxPosition: 1 } });
    expect(c.risk).toEqual({ maxDrawdown: 0.2, dailyLoss: 0.05, maxConsecutiveFallbacks: 5 });
    expect(c.strategies.map((s) => s.name)).toEqual(['momentum', 'mean-reversion']);
  });

  it('sorts symbols so processing order never depends on how they were listed', () => {
    expect(resolveConfig({ symbols: ['QQQ', 'AAPL', 'SPY'] }).symbols).toEqual(['AAPL', 'QQQ', 'SPY']);
  });

  it('rejects unknown keys with their JSON pointer', () => {
    const e = fail(() => resolveConfig({ broker: { feeBsp: 3 } }));
    expect(e.code).toBe('E_CONFIG_INVALID');
    expect(e.message).toContain("field /broker");
    expect(e.message).toContain("'feeBsp'");
  });

  it('lists every problem, each with its pointer', () => {
    const e = fail(() => resolveConfig({ seed: -1, cash: 0, risk: { maxDrawdown: 2 } }));
    expect(e.details['pointers']).toEqual(expect.arrayContaining(['/seed', '/cash', '/risk/maxDrawdown']));
  });

  it('rejects a clock start that is not a real instant, and feed options JSON cannot hold', () => {
    expect(fail(() => resolveConfig({ clock: { start: '2024-02-30T00:00:00.000Z' } })).details).toMatchObject({ pointers: ['/clock/start'] });
    expect(fail(() => resolveConfig({ feed: { kind: 'csv', options: { files: [{ path: 'a.csv', scale: NaN }] } } })).details).toMatchObject({ pointers: ['/feed/options/files/0/scale'] });
  });

  it('does not change the caller’s object', () => {
    const input = { symbols: ['B', 'A'] };
    resolveConfig(input);
    expect(input).toEqual({ symbols: ['B', 'A'] });
  });

  it('hashes equal configs equally and different ones differently', () => {
    expect(configHash(resolveConfig({ seed: 1 }))).toBe(configHash(resolveConfig({ seed: 1 })));
    expect(configHash(resolveConfig({ seed: 1 }))).not.toBe(configHash(resolveConfig({ seed: 2 })));
  });

  it('rejects an unknown strategy or parameter by pointer', () => {
    expect(fail(() => decideContext(resolveConfig({ strategies: [{ name: 'magic' }] }))).message).toContain('/strategies/0/name');
    expect(fail(() => decideContext(resolveConfig({ strategies: [{ name: 'sma-cross', params: { fats: 3 } }] }))).message).toContain('/strategies/0/params/fats');
    expect(fail(() => decideContext(resolveConfig({ strategies: [{ name: 'sma-cross', params: { fast: 30, slow: 10 } }] }))).message).toContain('slow must be an integer > fast');
  });

  it('never lets minBars fall below the slowest strategy window', () => {
    const ctx = decideContext(resolveConfig({ data: { minBars: 5 }, strategies: [{ name: 'sma-cross', params: { fast: 10, slow: 80 } }] }));
    expect(ctx.minBars).toBe(80);
  });
});
