/**
 * @tickfold/feed — sources of bars for the engine: a seeded synthetic feed (the default, no
 * network), CSV files of daily bars, and Yahoo's chart API with retries and fallback.
 * Each turns its source into core Observations, which the engine records as input events.
 */
export { createFeed, FEED_KINDS, type CreateFeedOptions } from './createFeed.js';
export { syntheticFeed, type SyntheticFeedOptions } from './synthetic/feed.js';
export { SyntheticOptions, FaultOptions } from './synthetic/options.js';
export { SyntheticPath, type PathSpec } from './synthetic/path.js';
export { REGIMES, type Regime } from './synthetic/regimes.js';
export { csvFeed, type CsvFeed, type CsvFeedOptions, type CsvSpan } from './csv/feed.js';
export { csvBars, type CsvBars, type CsvBarsOptions } from './csv/bars.js';
export { csvRecords, fileChunks, type CsvRecord, type ChunkSource } from './csv/records.js';
export { CsvOptions } from './csv/options.js';
export { parseCsv, type ParsedCsv, type ParseCsvOptions } from './csv/parseFile.js';
export { symbolFromPath, isSymbol } from './csv/symbol.js';
export { symbolFiles, type CsvFiles } from './csv/files.js';
export { describeProblem, type CsvProblem } from './csv/problem.js';
export { yahooFeed, type YahooFeedOptions } from './yahoo/feed.js';
export { attemptChart, chartUrl, type AttemptContext } from './yahoo/attempt.js';
export { YahooOptions, INTERVAL_MS, defaultRange, type Interval, type Range } from './yahoo/options.js';
export { backoffDelays, type BackoffRules } from './yahoo/backoff.js';
export { parseChart, type ChartRows } from './yahoo/parseChart.js';
export { getBody, type HttpLimits, type Body } from './yahoo/http.js';
export { BarCache, type CachedBars } from './yahoo/cache.js';
export type { Failure } from './yahoo/failure.js';
export { sanitizeRows, describeDrops, type RawRow, type Sanitized, type DropCounts, type SanitizeOptions } from './bars/sanitize.js';
export { checkBars, type Rejection, type FreshnessRules } from './bars/freshness.js';
export { optionsParser } from './options/parse.js';
