import { describe, expect, it } from 'vitest';
import { Config, resolveConfig, smaCross, type Bar } from '@tickfold/core';
import { barSpacingMs, staleLimitMs } from '@tickfold/core/internal';
import { defaultPolicy } from '@tickfold/event-store/internal';
import { YahooOptions } from '@tickfold/feed/internal';
import { main } from '../program.js';
import { memoryIo } from '../test-support/memoryIo.js';
import { parseDuration } from '../args/duration.js';
import { parseDurability } from '../args/durability.js';
import { DEFAULT_POLL_MS } from '../config/flags.js';
import { DEFAULT_TICKS } from './runSetup.js';

/** Each option of `tickfold run --help` and what its description says the default is. */
async function helpDefaults(): Promise<Map<string, string>> {
  const io = memoryIo(process.cwd());
  expect(await main(['run', '--help'], io)).toBe(0);
  const blocks = io.out().split(/\n(?= {2}--)/).map((b) => b.replace(/\s+/g, ' ').trim());
  const defaults = new Map<string, string>();
  for (const block of blocks) {
    const flag = /^--[a-z-]+/.exec(block)?.[0];
    const stated = /\(default: ([^;)]*)/.exec(block)?.[1];
    if (flag && stated !== undefined) defaults.set(flag, stated);
  }
  return defaults;
}

const schema = Config.properties;
const bars = (stepMs: number): Bar[] => [0, stepMs].map((t) => ({ time: new Date(t).toISOString(), open: 1, high: 1, low: 1, close: 1, volume: 0 }));

describe('tickfold run --help', () => {
  it('states the config schema\'s defaults', async () => {
    const stated = await helpDefaults();
    expect(Object.fromEntries(['--feed', '--symbols', '--seed', '--strategy', '--cash', '--fee-bps', '--slippage-bps', '--fill', '--sizing', '--min-bars', '--max-drawdown', '--daily-loss'].map((f) => [f, stated.get(f)]))).toEqual({
      '--feed': schema.feed.properties.kind.default,
      '--symbols': schema.symbols.default.join(','),
      '--seed': String(schema.seed.default),
      '--strategy': schema.strategies.default.map((s: { name: string }) => s.name).join(','),
      '--cash': String(schema.cash.default),
      '--fee-bps': String(schema.broker.properties.feeBps.default),
      '--slippage-bps': String(schema.broker.properties.slippageBps.default),
      '--fill': schema.broker.properties.fill.default,
      '--sizing': schema.broker.properties.sizing.default,
      '--min-bars': String(schema.data.properties.minBars.default),
      '--max-drawdown': String(schema.risk.properties.maxDrawdown.default),
      '--daily-loss': String(schema.risk.properties.dailyLoss.default),
    });
  });

  it('states the staleness limits the engine infers when --max-data-age is not given', async () => {
    const [intraday, daily] = (await helpDefaults()).get('--max-data-age')!.split(', ').map((part) => part.split(' '));
    const config = resolveConfig({});
    expect([intraday![1], daily![1]]).toEqual(['intraday', 'daily']);
    expect(parseDuration('--max-data-age', intraday![0]!)).toBe(staleLimitMs(config.data.maxDataAgeMs, barSpacingMs(bars(60_000))));
    expect(parseDuration('--max-data-age', daily![0]!)).toBe(staleLimitMs(config.data.maxDataAgeMs, barSpacingMs(bars(86_400_000))));
  });

  it('states the defaults of ticks, sma-cross, Yahoo polling and fsync where the code decides them', async () => {
    const stated = await helpDefaults();
    expect([stated.get('--ticks'), stated.get('--fast'), stated.get('--slow'), stated.get('--interval')])
      .toEqual([String(DEFAULT_TICKS), String(smaCross.defaults['fast']), String(smaCross.defaults['slow']), YahooOptions.properties.interval.default]);
    expect(parseDuration('--poll-interval', stated.get('--poll-interval')!)).toBe(DEFAULT_POLL_MS);
    const [live, virtual] = /^(\S+) for a live yahoo run, (\S+) for csv and synthetic runs$/.exec(stated.get('--fsync')!)!.slice(1);
    expect(parseDurability(live!)).toEqual(defaultPolicy(resolveConfig({ clock: { mode: 'real' } })));
    expect(parseDurability(virtual!)).toEqual(defaultPolicy(resolveConfig({})));
  });
});
