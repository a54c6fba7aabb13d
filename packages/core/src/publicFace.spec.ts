import * as publicApi from '@tickfold/core';
import * as internalApi from '@tickfold/core/internal';
import { describePublicFace } from '../../../test-support/publicFace.js';

// The embedding API, name by name: adding to or removing from these lists is an API change to
// review, not a side effect of exporting a helper. Internal names are for tickfold's own packages.
describePublicFace('@tickfold/core', {
  public: {
    module: publicApi,
    file: new URL('./index.ts', import.meta.url),
    values: [
      'Bar', 'BarNotDue', 'BarReceived', 'CHAIN_VERSION', 'Config', 'DroppedRow', 'ERROR_CATALOG', 'FORMAT_VERSION', 'Fallback',
      'FallbackReason', 'GENESIS_HASH', 'Heartbeat', 'IsoTime', 'KillSwitchKind', 'KillSwitchTripped', 'LIMITS', 'NotDueReason',
      'OrderCause', 'OrderFilled', 'OrderRejected', 'OrderSubmitted', 'Price', 'Replayer', 'SessionEndReason', 'SessionEnded',
      'SessionStarted', 'SignalComputed', 'StrategyRecord', 'StrategySpec', 'Symbol', 'TICKFOLD_VERSION', 'TickStarted',
      'TickfoldError', 'builtinStrategies', 'canonical', 'chainEvents', 'chainHash', 'clip', 'configHash', 'createEngine',
      'createRegistry', 'differingFields', 'eventSchemas', 'eventTypes', 'evolve', 'fold', 'initialState', 'inputEventTypes',
      'isErrorCode', 'isInputEvent', 'isTickfoldError', 'isValidEvent', 'meanReversion', 'momentum', 'resolveConfig', 'sealedFrom',
      'sha256Hex', 'sma', 'smaCross', 'stdev', 'validateEvent',
    ],
    types: [
      'CatalogEntry', 'ConfigInput', 'DerivedTick', 'Engine', 'EngineDeps', 'EngineSink', 'ErrorCode', 'EventOf', 'EventRecord', 'EventType', 'ExitClass',
      'Feed', 'FeedHealth', 'Halt', 'InputEvent', 'Observation', 'PendingOrder', 'PollRequest', 'Portfolio', 'RandomSource',
      'ReplayOptions', 'ResolvedStrategy', 'Rng', 'RunEnd', 'RunResult', 'State', 'StoredTickLine', 'Strategy', 'StrategyParams', 'StrategyRegistry',
      'SymbolState', 'TickfoldEvent',
    ],
  },
  internal: {
    module: internalApi,
    file: new URL('./internal.ts', import.meta.url),
    values: [
      'DeferredChain', 'MAX_JSON_DEPTH', 'SYMBOL_PATTERN', 'admit', 'assertInvariants', 'attachHash', 'barSpacingMs', 'beginSession', 'chainPoint', 'checkInvariants', 'checkStrategyRecords',
      'continues', 'daysFromCivil', 'daysInMonth', 'decideContext', 'deepFreeze', 'describeAjvError', 'digitsAt', 'exceedsDepth', 'hashOf', 'isCalendarDate', 'isUsableBar', 'isoOfMs', 'keepFirstAtTime',
      'lastFormattedMs', 'seededRandom', 'serializeEvent', 'staleLimitMs', 'staleness', 'startSession', 'strategiesWindow', 'strategyRecords', 'ucs2length',
    ],
    types: ['DecideContext', 'HashSource'],
  },
});
