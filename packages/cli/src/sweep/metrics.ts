import { readRun } from '@tickfold/event-store';
import { metricsOfRecords, type SymbolMetrics } from '../metrics/index.js';

/**
 * A sweep run's figures: the one metrics module's numbers for its symbol, flattened to what a
 * results table, `--json` and CSV can hold (the span and halt objects stay in `tickfold report`).
 */
export type SweepMetrics = Omit<SymbolMetrics, 'span' | 'haltedBy'>;

/** The metrics of a finished one-symbol run, from the metrics module (the sweep has no formulas of its own). */
export async function sweepRunMetrics(dir: string): Promise<SweepMetrics> {
  const metrics = metricsOfRecords(readRun(dir))!;
  const [symbol] = Object.keys(metrics.symbols).sort();
  const { span: _span, haltedBy: _haltedBy, ...flat } = metrics.symbols[symbol!]!;
  // The ranking figures lead (table, JSON and CSV columns alike); the rest follow in the module's order.
  const { totalReturn, cagr, sharpe, sortino, maxDrawdown, trades, winRate, ...rest } = flat;
  return { totalReturn, cagr, sharpe, sortino, maxDrawdown, trades, winRate, ...rest };
}
