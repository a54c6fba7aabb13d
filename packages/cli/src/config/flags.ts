import { Config, TickfoldError, type ConfigInput } from '@tickfold/core';
import { FEED_KINDS } from '@tickfold/feed';
import { symbolFromPath } from '@tickfold/feed/internal';
import type { RunCommandFlags } from '../commands/runFlags.js';
import { parseChoice, parseDate, parseFraction, parseInteger, parseList, parseNumber } from '../args/values.js';
import { parseDuration } from '../args/duration.js';
import { applyStrategyFlags } from './strategyFlags.js';
import { section, type Json } from './json.js';

/** `tickfold run` flags as commander hands them over (see the RUN_FLAGS table). */
export type RunFlags = RunCommandFlags;

export const DEFAULT_POLL_MS = 60_000;

/** The values a union of literals in the config schema allows, in its order. */
const choices = <T extends string>(union: { readonly anyOf: readonly { readonly const: T }[] }): T[] => union.anyOf.map((l) => l.const);


/** The feed's rule (`symbolFromPath`), with an error saying what to do when a name is no symbol. */
export function symbolFromFileName(file: string): string {
  const symbol = symbolFromPath(file);
  if (symbol === undefined) {
    throw new TickfoldError('E_FLAG_INVALID', `cannot name a symbol after the file ${file}; give it with --symbols (one per --csv file, in order)`, { flag: '--csv', file });
  }
  return symbol;
}

/**
 * Lays the flags over a config read from `--config` (flags win) and returns the merged input
 * for `resolveConfig`. Risk limits are fractions as in the config (0.2, or 20%); `--feed yahoo`
 * switches to the real clock.
 *
 * @example applyRunFlags({}, { strategy: 'sma-cross', fast: '10', slow: '30' })
 */
export function applyRunFlags(base: unknown, flags: RunFlags, loadedStrategies: readonly string[] = []): ConfigInput {
  if (base !== undefined && (base === null || typeof base !== 'object' || Array.isArray(base))) {
    throw new TickfoldError('E_CONFIG_INVALID', 'the config file must hold a JSON object ({ ... }) at the top level', { pointers: [''] });
  }
  const out: Json = base === undefined ? {} : structuredClone(base as Json);
  if (flags.seed !== undefined) out['seed'] = parseInteger('--seed', flags.seed);
  if (flags.cash !== undefined) out['cash'] = parseNumber('--cash', flags.cash, Number.MIN_VALUE);
  const csvFiles = flags.csv === undefined ? undefined : parseList('--csv', flags.csv);
  const symbols = flags.symbols === undefined ? undefined : parseList('--symbols', flags.symbols).map((s) => s.toUpperCase());
  if (symbols) out['symbols'] = symbols;

  const feed = section(out, 'feed');
  const kind = flags.feed !== undefined ? parseChoice('--feed', flags.feed, FEED_KINDS) : csvFiles ? 'csv' : undefined;
  if (kind) {
    // Options belong to one kind of feed: a csv config's files mean nothing to --feed synthetic.
    if ((feed['kind'] ?? 'synthetic') !== kind) delete feed['options'];
    feed['kind'] = kind;
  }
  if (csvFiles) {
    if (feed['kind'] !== 'csv') throw new TickfoldError('E_FLAG_INVALID', `--csv needs --feed csv (got --feed ${String(feed['kind'])}); drop --feed or set it to csv`, { flag: '--csv' });
    if (symbols && symbols.length !== csvFiles.length) {
      throw new TickfoldError('E_FLAG_INVALID', `--symbols names ${symbols.length} symbol(s) but --csv gives ${csvFiles.length} file(s); give one symbol per file, in the same order`, { flag: '--symbols' });
    }
    const named = csvFiles.map((file, i) => ({ symbol: symbols?.[i] ?? symbolFromFileName(file), file }));
    out['symbols'] = named.map((n) => n.symbol);
    feed['options'] = { ...section(feed, 'options'), files: Object.fromEntries(named.map((n) => [n.symbol, n.file])) };
  }

  const fileFlags = (['strict', 'from', 'to'] as const).filter((k) => flags[k] !== undefined && flags[k] !== false);
  if (fileFlags.length > 0) {
    if (feed['kind'] !== 'csv') throw new TickfoldError('E_FLAG_INVALID', `--${fileFlags[0]} is for runs over CSV files (got --feed ${String(feed['kind'] ?? 'synthetic')}); add --csv FILES`, { flag: `--${fileFlags[0]}` });
    const options = section(feed, 'options');
    if (flags.strict) options['strict'] = true;
    if (flags.from !== undefined) options['from'] = parseDate('--from', flags.from);
    if (flags.to !== undefined) options['to'] = parseDate('--to', flags.to);
    if (options['from'] !== undefined && options['to'] !== undefined && String(options['from']) > String(options['to'])) {
      throw new TickfoldError('E_FLAG_INVALID', `--from ${String(options['from'])} is after --to ${String(options['to'])}: the range is empty; give --from <= --to`, { flag: '--from' });
    }
  }

  if (flags.yahooBaseUrl !== undefined) {
    if (feed['kind'] !== 'yahoo') throw new TickfoldError('E_FLAG_INVALID', `--yahoo-base-url needs --feed yahoo (got --feed ${String(feed['kind'] ?? 'synthetic')}); add --feed yahoo`, { flag: '--yahoo-base-url' });
    feed['options'] = { ...section(feed, 'options'), baseUrl: flags.yahooBaseUrl };
  }

  if (flags.interval !== undefined) {
    if (feed['kind'] !== 'yahoo') throw new TickfoldError('E_FLAG_INVALID', `--interval sets the Yahoo bar interval and needs --feed yahoo (got --feed ${String(feed['kind'] ?? 'synthetic')}); add --feed yahoo`, { flag: '--interval' });
    feed['options'] = { ...section(feed, 'options'), interval: flags.interval };
  }

  const clock = section(out, 'clock');
  if (feed['kind'] === 'yahoo') {
    clock['mode'] = 'real';
    if (flags.pollInterval === undefined && clock['stepMs'] === undefined) clock['stepMs'] = DEFAULT_POLL_MS;
  }
  if (flags.pollInterval !== undefined) clock['stepMs'] = parseDuration('--poll-interval', flags.pollInterval);

  const data = section(out, 'data');
  if (flags.minBars !== undefined) data['minBars'] = parseInteger('--min-bars', flags.minBars, 1);
  if (flags.maxDataAge !== undefined) data['maxDataAgeMs'] = parseDuration('--max-data-age', flags.maxDataAge);

  applyStrategyFlags(out, flags, loadedStrategies);

  const broker = section(out, 'broker');
  if (flags.feeBps !== undefined) broker['feeBps'] = parseNumber('--fee-bps', flags.feeBps, 0, 1000);
  if (flags.slippageBps !== undefined) broker['slippageBps'] = parseNumber('--slippage-bps', flags.slippageBps, 0, 1000);
  if (flags.fill !== undefined) broker['fill'] = parseChoice('--fill', flags.fill, choices(Config.properties.broker.properties.fill));
  if (flags.sizing !== undefined) broker['sizing'] = parseChoice('--sizing', flags.sizing, choices(Config.properties.broker.properties.sizing));

  const risk = section(out, 'risk');
  if (flags.killSwitches === false) {
    if (flags.maxDrawdown !== undefined || flags.dailyLoss !== undefined) {
      throw new TickfoldError('E_FLAG_INVALID', '--no-kill-switches cannot be combined with --max-drawdown or --daily-loss; drop one of them', { flag: '--no-kill-switches' });
    }
    Object.assign(risk, { maxDrawdown: null, dailyLoss: null, maxConsecutiveFallbacks: null });
  }
  if (flags.maxDrawdown !== undefined) risk['maxDrawdown'] = parseFraction('--max-drawdown', flags.maxDrawdown);
  if (flags.dailyLoss !== undefined) risk['dailyLoss'] = parseFraction('--daily-loss', flags.dailyLoss);
  return out as ConfigInput;
}
