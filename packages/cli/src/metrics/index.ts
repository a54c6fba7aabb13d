/**
 * The one metrics module: `report`, `run --json`, `replay --json`, `export` and `sweep` all compute figures here.
 * `createMetricsTracker` gives a run's metrics in memory that does not grow with its ticks; `createTracker`
 * keeps the whole series for the report's charts and `export`, and `runMetrics` of its track folds the same accumulators.
 */
export { createTracker, trackRecords, type Tracker, type RunTrack, type SymbolTrack, type RecordedFill, type RecordedTrip, type RecordedFallback } from './track.js';
export { createMetricsTracker, metricsOfRecords, type MetricsTracker } from './stream.js';
export { roundTrips, type RoundTrip, type TradeFill } from './trades.js';
export {
  symbolMetrics, accountMetrics, runMetrics, spanIndexes,
  type SymbolMetrics, type RunMetrics, type Span, type HaltedBy,
} from './compute.js';
export { periodsPerYear, barIntervalMs, maxDrawdownOf, cagrOf, returnStats } from './stats.js';
export { sumOfAccounts, sumOfAccountsMetrics } from './sum.js';
export { symbolCurves, heldBenchmark, worstDrawdowns, periodReturns, type SymbolCurves, type DrawdownPeriod, type PeriodReturn } from './curves.js';
