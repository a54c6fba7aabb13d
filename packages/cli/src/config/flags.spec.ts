import { describe, expect, it } from 'vitest';
import { resolveConfig, TickfoldError } from '@tickfold/core';
import { applyRunFlags, symbolFromFileName } from './flags.js';

const errorOf = (fn: () => unknown): TickfoldError => {
  try {
    fn();
  } catch (e) {
    return e as TickfoldError;
  }
  throw new Error('expected an error');
};

describe('run flags onto the config', () => {
  it('leaves every default to resolveConfig when no flag is given', () => {
    expect(resolveConfig(applyRunFlags(undefined, {}))).toEqual(resolveConfig({}));
  });

  it('reads risk limits in the config file’s unit, a fraction, or as a percentage with its sign', () => {
    const c = resolveConfig(applyRunFlags(undefined, { maxDrawdown: '0.2', dailyLoss: '2.5%' }));
    expect(c.risk).toMatchObject({ maxDrawdown: 0.2, dailyLoss: 0.025 });
    expect(resolveConfig(applyRunFlags({ risk: { maxDrawdown: 0.2 } }, {})).risk.maxDrawdown).toBe(resolveConfig(applyRunFlags(undefined, { maxDrawdown: '0.2' })).risk.maxDrawdown);
  });

  it('refuses a bare risk limit above 1 instead of reading it as percent, and says what to write', () => {
    const e = errorOf(() => applyRunFlags(undefined, { maxDrawdown: '20' }));
    expect(e.code).toBe('E_FLAG_INVALID');
    expect(e.message).toContain('(for 20% write 0.2 or 20%)');
  });

  it('--feed of another kind drops the config file\'s options of the old feed', () => {
    const file = { symbols: ['ORCL'], feed: { kind: 'csv', options: { files: { ORCL: 'orcl.csv' } } } };
    expect(resolveConfig(applyRunFlags(file, { feed: 'synthetic' })).feed).toEqual({ kind: 'synthetic', options: {} });
    expect(resolveConfig(applyRunFlags(file, { feed: 'csv' })).feed.options).toEqual({ files: { ORCL: 'orcl.csv' } });
  });

  it('--no-kill-switches turns all three risk limits off', () => {
    expect(resolveConfig(applyRunFlags(undefined, { killSwitches: false })).risk).toEqual({ maxDrawdown: null, dailyLoss: null, maxConsecutiveFallbacks: null });
  });

  it('maps sma-cross with --fast and --slow onto the strategy params', () => {
    const c = resolveConfig(applyRunFlags(undefined, { strategy: 'sma-cross', fast: '10', slow: '30' }));
    expect(c.strategies).toEqual([{ name: 'sma-cross', weight: 1, params: { fast: 10, slow: 30 } }]);
  });

  it('rejects --fast without the sma-cross strategy and says how to fix it', () => {
    expect(errorOf(() => applyRunFlags(undefined, { fast: '5' })).message).toMatch(/E_FLAG_INVALID: --fast and --slow .* add --strategy sma-cross/);
  });

  it('flags override the config file, untouched keys keep the file value', () => {
    const c = resolveConfig(applyRunFlags({ seed: 1, cash: 5000, broker: { feeBps: 3 } }, { seed: '9', fill: 'next-open' }));
    expect(c).toMatchObject({ seed: 9, cash: 5000, broker: { feeBps: 3, fill: 'next-open' } });
  });

  it('--feed yahoo runs on the real clock polling every 60 s unless told otherwise', () => {
    expect(resolveConfig(applyRunFlags(undefined, { feed: 'yahoo' })).clock).toMatchObject({ mode: 'real', stepMs: 60_000 });
    expect(resolveConfig(applyRunFlags(undefined, { feed: 'yahoo', pollInterval: '5m' })).clock.stepMs).toBe(300_000);
  });

  it('--interval sets the yahoo bar interval, and only for the yahoo feed', () => {
    expect(resolveConfig(applyRunFlags(undefined, { feed: 'yahoo', interval: '5m' })).feed.options).toEqual({ interval: '5m' });
    expect(errorOf(() => applyRunFlags(undefined, { interval: '5m' })).message).toContain('--interval sets the Yahoo bar interval and needs --feed yahoo');
  });

  it('--yahoo-base-url points the yahoo feed elsewhere, and only the yahoo feed', () => {
    expect(resolveConfig(applyRunFlags(undefined, { feed: 'yahoo', yahooBaseUrl: 'http://127.0.0.1:8080' })).feed.options).toEqual({ baseUrl: 'http://127.0.0.1:8080' });
    expect(errorOf(() => applyRunFlags(undefined, { yahooBaseUrl: 'http://127.0.0.1:8080' })).message).toContain('--yahoo-base-url needs --feed yahoo');
  });

  it('--csv implies the csv feed and takes symbols from the file names', () => {
    const c = resolveConfig(applyRunFlags(undefined, { csv: 'data/orcl-1995-2014.csv,nvda.csv' }));
    expect(c.feed.kind).toBe('csv');
    expect(c.symbols).toEqual(['NVDA', 'ORCL']);
  });

  it('--symbols names the --csv files in order', () => {
    const input = applyRunFlags(undefined, { csv: 'a.csv,b.csv', symbols: 'spy,qqq' }) as { symbols: string[] };
    expect(input.symbols).toEqual(['SPY', 'QQQ']);
    expect(errorOf(() => applyRunFlags(undefined, { csv: 'a.csv', symbols: 'SPY,QQQ' })).code).toBe('E_FLAG_INVALID');
  });

  it.each([
    [{ seed: '-1' }, '--seed'],
    [{ seed: '4.5' }, '--seed'],
    [{ cash: 'lots' }, '--cash'],
    [{ maxDrawdown: '0' }, '--max-drawdown'],
    [{ maxDrawdown: '150' }, '--max-drawdown'],
    [{ maxDrawdown: '150%' }, '--max-drawdown'],
    [{ dailyLoss: '%' }, '--daily-loss'],
    [{ fill: 'open' }, '--fill'],
    [{ feed: 'bloomberg' }, '--feed'],
    [{ pollInterval: '60' }, '--poll-interval'],
    [{ symbols: 'SPY,,QQQ' }, '--symbols'],
  ])('rejects %j naming %s', (flags, flag) => {
    const e = errorOf(() => applyRunFlags(undefined, flags));
    expect(e.code).toBe('E_FLAG_INVALID');
    expect(e.details['flag']).toBe(flag);
    expect(e.message).toContain('for example');
  });

  it('a config file that is not an object is refused', () => {
    expect(errorOf(() => applyRunFlags([1, 2], {})).code).toBe('E_CONFIG_INVALID');
  });
});

describe('symbolFromFileName', () => {
  it.each([
    ['data/orcl-1995-2014.csv', 'ORCL'],
    ['yhoo_daily.csv', 'YHOO'],
    ['brk-b.csv', 'BRK-B'],
    ['/tmp/spy.CSV', 'SPY'],
  ])('%s → %s', (file, symbol) => expect(symbolFromFileName(file)).toBe(symbol));

  it('asks for --symbols when a file name is no symbol', () => {
    expect(() => symbolFromFileName('my prices.csv')).toThrow(/E_FLAG_INVALID: cannot name a symbol after the file my prices.csv; give it with --symbols/);
  });
});
