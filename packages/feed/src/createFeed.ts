import { TickfoldError, type Config, type Feed } from '@tickfold/core';
import { optionValidators, optionsParser } from './options/parse.js';
import type { SyntheticOptions } from './synthetic/options.js';
import { syntheticFeed } from './synthetic/feed.js';
import type { CsvOptions } from './csv/options.js';
import { csvFeed } from './csv/feed.js';
import type { YahooOptions } from './yahoo/options.js';
import { yahooFeed } from './yahoo/feed.js';

export interface CreateFeedOptions {
  /** Directory CSV paths in the config are relative to (the config file's or the cwd). */
  readonly baseDir?: string;
  /** Where the Yahoo feed persists its last good bars (the run directory). */
  readonly cacheDir?: string;
  /** Replaces global fetch (tests, proxies). */
  readonly fetch?: typeof fetch;
}

const parseSynthetic = optionsParser<SyntheticOptions>(optionValidators.SyntheticOptions, 'synthetic');
const parseCsvOptions = optionsParser<CsvOptions>(optionValidators.CsvOptions, 'csv');
const parseYahooOptions = optionsParser<YahooOptions>(optionValidators.YahooOptions, 'yahoo');

export const FEED_KINDS = ['csv', 'synthetic', 'yahoo'] as const;

/**
 * Builds the feed `config.feed` names, with its options validated. Everything the feed needs
 * comes from the config, so a resumed run rebuilds the very same feed from its log.
 *
 * @example const feed = createFeed(resolveConfig({ feed: { kind: 'synthetic' } }));
 */
export function createFeed(config: Config, options: CreateFeedOptions = {}): Feed & { tickCount?: number } {
  switch (config.feed.kind) {
    case 'synthetic': {
      const o = parseSynthetic(config.feed.options);
      return syntheticFeed({
        seed: config.seed,
        start: config.clock.start,
        stepMs: config.clock.stepMs,
        historyBars: o.historyBars ?? config.data.minBars,
        volatility: o.volatility,
        ...(o.startPrice === undefined ? {} : { startPrice: o.startPrice }),
        faults: o.faults,
        maxDataAgeMs: config.data.maxDataAgeMs,
      });
    }
    case 'csv': {
      const o = parseCsvOptions(config.feed.options);
      if (config.clock.mode !== 'virtual') {
        throw new TickfoldError('E_CONFIG_INVALID', `/clock/mode is '${config.clock.mode}', but the csv feed owns the clock (one date per tick); set clock.mode to 'virtual'`, { pointers: ['/clock/mode'] });
      }
      return csvFeed({
        files: o.files, adjusted: o.adjusted, strict: o.strict, symbols: config.symbols,
        ...(o.from === undefined ? {} : { from: o.from }),
        ...(o.to === undefined ? {} : { to: o.to }),
        ...(options.baseDir === undefined ? {} : { baseDir: options.baseDir }),
      });
    }
    case 'yahoo': {
      const { minBars, ...o } = parseYahooOptions(config.feed.options);
      return yahooFeed({
        ...o,
        seed: config.seed,
        minBars: minBars ?? config.data.minBars,
        maxDataAgeMs: config.data.maxDataAgeMs,
        ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
        ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      });
    }
    default:
      throw new TickfoldError(
        'E_CONFIG_INVALID',
        `/feed/kind '${config.feed.kind}' is not a feed this build knows; use one of: ${FEED_KINDS.join(', ')}`,
        { pointers: ['/feed/kind'] },
      );
  }
}
