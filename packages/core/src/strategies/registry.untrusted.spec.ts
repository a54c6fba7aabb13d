import { describe, expect, it } from 'vitest';
import { createRegistry, type Bar, type Strategy } from '../index.js';
import { combineTargets, resolveStrategies } from './registry.js';
import { errorOf } from '../test-support/errors.js';

const bars: Bar[] = [{ time: '2024-01-01T00:00:00.000Z', open: 1, high: 1, low: 1, close: 1, volume: 0 }];
const resolve = (s: Strategy) => resolveStrategies([{ name: s.name, weight: 1, params: {} }], createRegistry([s]));
const user = (over: Partial<Strategy>): Strategy => ({ name: 'mine', defaults: {}, window: () => 1, target: () => 0, ...over });

describe('a user strategy is untrusted input', () => {
  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['1.5 (outside [-1, 1])', 1.5],
    ['-2 (outside [-1, 1])', -2],
    ['a string', '0.5' as unknown as number],
    ['undefined', undefined as unknown as number],
  ])('a target of %s is E_STRATEGY_OUTPUT naming the strategy, symbol and tick', (_, value) => {
    const e = errorOf(() => combineTargets(resolve(user({ target: () => value })), bars, 'SPY at tick 7'));
    expect(e.code).toBe('E_STRATEGY_OUTPUT');
    expect(e.message).toMatch(/strategy 'mine' returned .* for SPY at tick 7/);
  });

  it('a symbol\'s tick given as where is written out in the message the same way', () => {
    const e = errorOf(() => combineTargets(resolve(user({ target: () => Number.NaN })), bars, { symbol: 'SPY', tick: 7 }));
    expect(e.code).toBe('E_STRATEGY_OUTPUT');
    expect(e.message).toMatch(/strategy 'mine' returned NaN for SPY at tick 7;/);
  });

  it('a target that throws is E_STRATEGY_THREW with the thrown message, the symbol and the tick', () => {
    const e = errorOf(() => combineTargets(resolve(user({ target: () => { throw new Error('index out of range'); } })), bars, 'SPY at tick 7'));
    expect(e.code).toBe('E_STRATEGY_THREW');
    expect(e.message).toMatch(/strategy 'mine' threw for SPY at tick 7: index out of range/);
  });

  it.each([0, -3, 2.5, Number.NaN, '20'])('a window of %s is E_STRATEGY_WINDOW when the strategy is resolved', (w) => {
    const e = errorOf(() => resolve(user({ window: () => w as number })));
    expect(e.code).toBe('E_STRATEGY_WINDOW');
    expect(e.message).toMatch(/strategy 'mine' has window/);
  });

  it('a window() that throws is E_STRATEGY_WINDOW too', () => {
    expect(errorOf(() => resolve(user({ window: () => { throw new Error('no'); } }))).code).toBe('E_STRATEGY_WINDOW');
  });

  it('records where a strategy came from and a hash of its code', () => {
    const [builtin] = resolveStrategies([{ name: 'sma-cross', weight: 1, params: {} }], createRegistry());
    expect(builtin).toMatchObject({ origin: 'builtin', window: 30, params: { fast: 10, slow: 30 } });
    const [embedded] = resolve(user({}));
    expect(embedded!.origin).toBe('embedded');
    const [edited] = resolve(user({ target: () => 1 }));
    expect(edited!.sha256).not.toBe(embedded!.sha256);
    const [loaded] = resolve(user({ origin: 'strategies/mine.mjs', sha256: 'a'.repeat(64) }));
    expect(loaded).toMatchObject({ origin: 'strategies/mine.mjs', sha256: 'a'.repeat(64) });
  });
});
