/**
 * @tickfold/cli — the `tickfold` command: run, replay, verify, diff, inspect and report.
 * The commands are also callable in-process through `main(argv, io)`.
 */
export { main, buildProgram } from './program.js';
export { processIo, type Io } from './io.js';
export { EXIT, exitCodeOf } from './exitCodes.js';
export { applyRunFlags, symbolFromFileName, type RunFlags } from './config/flags.js';
export { readConfigFile } from './config/file.js';
export { parseDuration } from './args/duration.js';
export { summarize, type RunSummary, type SymbolSummary } from './output/summary.js';
export { firstDifference, type Comparison, type ChainedRecord } from './commands/firstDifference.js';
export { collect, type Collected } from './report/collect.js';
export {
  createTracker, trackRecords, runMetrics, symbolMetrics, roundTrips,
  type Tracker, type RunTrack, type RunMetrics, type SymbolMetrics, type RoundTrip, type HaltedBy, type Span,
} from './metrics/index.js';
export { renderReport } from './report/html.js';
export { uplotAssets } from './report/assets.js';
export { loadStrategyFiles } from './strategies/registry.js';
export { bundleStrategyFile, type StrategyBundle } from './strategies/bundle.js';
export { sweepCommand, type SweepFlags } from './sweep/sweepCommand.js';
export { planSweep, type SweepDefinition, type Combination, type Skipped } from './sweep/plan.js';
export { runId } from './sweep/runId.js';
export { sweepHash, ranked, type SweepRun } from './sweep/results.js';
export { default as runSweepJob, type Job as SweepJob, type JobResult as SweepJobResult } from './sweep/worker.js';
