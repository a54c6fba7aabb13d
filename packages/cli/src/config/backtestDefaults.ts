import { resolveConfig, type ConfigInput, type StrategyRegistry } from '@tickfold/core';
import { decideContext, strategiesWindow } from '@tickfold/core/internal';
import { section, type Json } from './json.js';

/**
 * Defaults for a backtest over files (`feed.kind` csv), where a user compares the result with
 * backtrader's or freqtrade's, applied only where neither the config file nor a flag set a value:
 *
 * - `data.minBars` is the strategies' own window (sma-cross 10/30 trades from bar 30, as
 *   backtrader does), not the live default 50, which only delays the first signal.
 * - `risk.maxDrawdown` and `risk.dailyLoss` are off: a replayed history cannot be halted to save
 *   money, and a 20% drawdown halt silently cut the README's own example at bar 334 of 756. The
 *   feed-failure switch stays on (a symbol outside its data never trips it). Turn them on with
 *   --max-drawdown / --daily-loss; the summary names any switch that halted a symbol.
 *
 * @example withBacktestDefaults({ feed: { kind: 'csv', options: { files: ['orcl.csv'] } } })
 */
export function withBacktestDefaults(input: ConfigInput, registry?: StrategyRegistry): ConfigInput {
  if (input.feed?.kind !== 'csv') return input;
  const out = structuredClone(input) as Json;
  const data = section(out, 'data');
  if (data['minBars'] === undefined) data['minBars'] = strategiesWindow(decideContext(resolveConfig(input), registry).strategies);
  const risk = section(out, 'risk');
  if (risk['maxDrawdown'] === undefined) risk['maxDrawdown'] = null;
  if (risk['dailyLoss'] === undefined) risk['dailyLoss'] = null;
  return out as ConfigInput;
}
