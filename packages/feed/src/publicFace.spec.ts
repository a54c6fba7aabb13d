import * as publicApi from '@tickfold/feed';
import * as internalApi from '@tickfold/feed/internal';
import { describePublicFace } from '../../../test-support/publicFace.js';

// The feed's API, name by name: a change to these lists is an API change to review.
describePublicFace('@tickfold/feed', {
  public: {
    module: publicApi,
    file: new URL('./index.ts', import.meta.url),
    values: ['FEED_KINDS', 'createFeed', 'csvFeed', 'syntheticFeed', 'yahooFeed'],
    types: ['CreateFeedOptions', 'CsvFeed', 'CsvFeedOptions', 'CsvSpan', 'SyntheticFeedOptions', 'YahooFeedOptions'],
  },
  internal: {
    module: internalApi,
    file: new URL('./internal.ts', import.meta.url),
    values: ['CsvLines', 'YahooOptions', 'csvBars', 'fileChunks', 'symbolFromPath'],
    types: [],
  },
});
