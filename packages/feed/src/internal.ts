/**
 * @tickfold/feed/internal — what tickfold's own packages need of the feed beyond its public
 * API. Not for embedding: these names may change with any release.
 */

// The CLI names a CSV file's symbol the way the feed does.
export { symbolFromPath } from './csv/symbol.js';

// bench/feed.mjs times the CSV reader's rows, from bytes and through csv-parse.
export { csvBars } from './csv/bars.js';
export { CsvLines, fileChunks } from './csv/records.js';

// `tickfold run --help` states the Yahoo options' defaults from their schema.
export { YahooOptions } from './yahoo/options.js';
