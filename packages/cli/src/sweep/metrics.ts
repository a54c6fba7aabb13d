import { readRun } from '@tickfold/event-store';
import { collect } from '../report/collect.js';
import { computeStats, type SymbolStats } from '../report/stats.js';

export type RunMetrics = SymbolStats;

/**
 * The metrics of a finished one-symbol run, from the report's statistics: the one place they are
 * computed (the sweep never has its own formulas).
 */
export async function runMetrics(dir: string): Promise<RunMetrics> {
  const collected = await collect(readRun(dir));
  const [symbol, s] = Object.entries(collected.symbols)[0]!;
  return computeStats(s.equity, collected.timesMs, collected.state.symbols[symbol]!.portfolio, s.roundTripPnl);
}
