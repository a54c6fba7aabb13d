import * as publicApi from '@tickfold/nats';
import * as internalApi from '@tickfold/nats/internal';
import { describePublicFace } from '../../../test-support/publicFace.js';

// The NATS layer's API, name by name: a change to these lists is an API change to review.
describePublicFace('@tickfold/nats', {
  public: {
    module: publicApi,
    file: new URL('./index.ts', import.meta.url),
    values: ['connectNats', 'fetchRun', 'openTickfoldNats', 'startWorker', 'submitJob'],
    types: ['FailedRecord', 'FetchedRun', 'Job', 'NatsConnection', 'ResultRecord', 'RunResultRecord', 'Submitted', 'TickfoldNats', 'Worker', 'WorkerOptions'],
  },
  internal: {
    module: internalApi,
    file: new URL('./internal.ts', import.meta.url),
    values: ['JOBS_STREAM', 'RUNS_STREAM', 'checkRunId', 'ensureNatsServer', 'readRunLog', 'startNatsServer'],
    types: ['ChunkMeta', 'TestNatsServer'],
  },
});
