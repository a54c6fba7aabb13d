import { builtinStrategies, resolveConfig, type Config } from '@tickfold/core';
import { staleLimitMs } from '@tickfold/core/internal';
import type { DurabilityPolicy } from '@tickfold/event-store';
import { defaultPolicy } from '@tickfold/event-store/internal';
import { YahooOptions } from '@tickfold/feed/internal';
import { DEFAULT_POLL_MS } from '../config/flags.js';
import { DEFAULT_TICKS } from './runSetup.js';

const UNITS: readonly (readonly [string, number])[] = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1_000]];

/** A duration as the flags take it, in the largest unit that divides it: 60000 → `1m`, 432000000 → `5d`. */
export function durationText(ms: number): string {
  const unit = UNITS.find(([, size]) => ms % size === 0);
  return unit ? `${ms / unit[1]}${unit[0]}` : `${ms}ms`;
}

const policyText = (p: DurabilityPolicy): string => (p.kind === 'interval' ? durationText(p.ms) : p.kind);

/** The staleness limit the engine infers when none is configured, for bars `stepMs` apart. */
function inferredAgeLimit(config: Config, stepMs: number): string {
  return durationText(staleLimitMs(config.data.maxDataAgeMs, stepMs));
}

/**
 * The defaults `tickfold run --help` states, each read from where it is decided (the config
 * schema, the built-in strategies, the Yahoo options schema, the store's fsync rule, the CLI's
 * own constants), so the help cannot drift from the code.
 */
export function runDefaults() {
  const config = resolveConfig({});
  const smaCross = builtinStrategies.get('sma-cross')!.defaults;
  return {
    feed: config.feed.kind,
    symbols: config.symbols.join(','),
    ticks: DEFAULT_TICKS,
    seed: config.seed,
    strategies: config.strategies.map((s) => s.name).join(','),
    fast: smaCross['fast']!,
    slow: smaCross['slow']!,
    cash: config.cash,
    feeBps: config.broker.feeBps,
    slippageBps: config.broker.slippageBps,
    fill: config.broker.fill,
    sizing: config.broker.sizing,
    minBars: config.data.minBars,
    maxDrawdown: config.risk.maxDrawdown,
    dailyLoss: config.risk.dailyLoss,
    interval: YahooOptions.properties.interval.default as string,
    pollInterval: durationText(DEFAULT_POLL_MS),
    maxDataAge: { intraday: inferredAgeLimit(config, 60_000), daily: inferredAgeLimit(config, 86_400_000) },
    fsync: { live: policyText(defaultPolicy(resolveConfig({ clock: { mode: 'real' } }))), virtual: policyText(defaultPolicy(config)) },
  };
}

export type RunDefaults = ReturnType<typeof runDefaults>;
