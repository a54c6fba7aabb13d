/**
 * @tickfold/core/internal — what tickfold's own packages (feed, event-store, nats, cli, bench)
 * need of core beyond its public API. Not for embedding: these names may change with any
 * release. Each line says who uses it.
 */

// The deciding context and session start, which the store, CLI and bench build runs with.
export { decideContext, type DecideContext } from './decide/context.js';
export { startSession, beginSession, strategyRecords, checkStrategyRecords } from './decide/sessionBounds.js';
export { strategiesWindow } from './strategies/registry.js';

// Admission rules the feed applies before the engine does (freshness, bar sanity, duplicates).
export { admit, isUsableBar } from './decide/admit.js';
export { staleLimitMs, barSpacingMs, staleness } from './decide/staleness.js';
export { keepFirstAtTime } from './decide/duplicates.js';

// The one Ajv setup for inputs (config, feed options) and the one describer of its errors.
export { describeAjvError } from './validation/ajvError.js';
// The ajv runtime helpers of the feed's precompiled option validators (feed/scripts/precompile-options.mjs).
export { ucs2length } from './validation/ajvHelpers.js';

// The symbol pattern of the Symbol schema (the CSV feed's file names and options), the
// calendar-date rule (the CSV feed's rows and --from/--to) and the engine's instant formatting
// (the CSV feed's bar times, so a bar's time is its tick's very string; the CLI's metrics, which
// read the last one back without parsing it).
export { SYMBOL_PATTERN, daysFromCivil, daysInMonth, digitsAt, isCalendarDate, isoOfMs, lastFormattedMs } from './events/bar.js';

// The seeded random streams (feed faults, backoff jitter, synthetic paths).
export { seededRandom } from './random/seeded.js';

// Checks the store and CLI run on states they read back.
export { checkInvariants, assertInvariants } from './state/invariants.js';
export { deepFreeze } from './state/initial.js';

// The JSON depth guard the store and CLI apply to files they parse.
export { exceedsDepth, MAX_JSON_DEPTH } from './config/depth.js';

// The hash chain as the event store's writer uses it: whether a sealed batch continues what it
// wrote (without reading a deferred hash), the hash of a chain point, and handing back hashes
// computed on its thread.
export { continues, hashOf } from './chain/record.js';
export { DeferredChain, attachHash, chainPoint, type HashSource } from './chain/deferred.js';
// The engine's serializer, which the bench times on a real run's events (bench/lib/logFloor.mjs).
export { serializeEvent } from './chain/serialize.js';
