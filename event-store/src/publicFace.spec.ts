import * as publicApi from '@tickfold/event-store';
import * as internalApi from '@tickfold/event-store/internal';
import { describePublicFace } from '../../test-support/publicFace.js';

// The store's API, name by name: a change to these lists is an API change to review.
describePublicFace('@tickfold/event-store', {
  public: {
    module: publicApi,
    file: new URL('./index.ts', import.meta.url),
    values: ['createOpsLog', 'createRun', 'nodeFileLayer', 'openRun', 'readRun', 'replayRun', 'startRunThread', 'verifyRun'],
    types: [
      'CreateRunOptions', 'Damage', 'DurabilityPolicy', 'FileLayer', 'Manifest', 'OpenRunOptions', 'OpenedRun', 'OpsLog', 'OpsLogOptions',
      'PinnedHead', 'ReadRunOptions', 'ReplayResult', 'ReplayRunOptions', 'Rotation', 'RunWriter', 'Snapshot', 'StoredEvent',
      'VerifyProblem', 'VerifyReport',
    ],
  },
  internal: {
    module: internalApi,
    file: new URL('./internal.ts', import.meta.url),
    values: ['assertNoSymlinkOnPath', 'defaultPolicy', 'readPlanOf'],
    types: [],
  },
});
