/**
 * @tickfold/feed — sources of bars for the engine: a seeded synthetic feed (the default, no
 * network), CSV files of daily bars, and Yahoo's chart API with retries and fallback.
 * Each turns its source into core Observations, which the engine records as input events.
 *
 * The public API, listed name by name (`publicFace.spec.ts` pins it): `createFeed` builds the
 * feed a config names; the three constructors build one directly. What only tickfold's own
 * packages need is in `@tickfold/feed/internal`.
 */
export { createFeed, FEED_KINDS, type CreateFeedOptions } from './createFeed.js';
export { syntheticFeed, type SyntheticFeedOptions } from './synthetic/feed.js';
export { csvFeed, type CsvFeed, type CsvFeedOptions, type CsvSpan } from './csv/feed.js';
export { yahooFeed, type YahooFeedOptions } from './yahoo/feed.js';
