/**
 * @tickfold/core — the deterministic heart of tickfold: events and their schemas, the pure
 * reducer fold, strategies, the simulated broker, kill switches and the RxJS engine.
 * No I/O, no wall clock, no environment: time and randomness are injected.
 *
 * This is the embedding API, listed name by name so that a new export is a reviewed change
 * (`publicFace.spec.ts` pins the list). What only tickfold's own packages need is in
 * `@tickfold/core/internal`.
 */

// Errors: one stable code per condition, and the catalog that says what each means.
export { TickfoldError, isTickfoldError } from './errors.js';
export { ERROR_CATALOG, isErrorCode, type CatalogEntry, type ErrorCode, type ExitClass } from './errorCatalog.js';
export { TICKFOLD_VERSION, FORMAT_VERSION } from './version.js';

// Events: each schema (a TypeBox value) and its type under one name.
export { IsoTime, Price, Symbol, Bar } from './events/bar.js';
export { StrategyRecord, SessionStarted, TickStarted, Heartbeat, SessionEndReason, SessionEnded } from './events/session.js';
export { DroppedRow, BarReceived, FallbackReason, Fallback, NotDueReason, BarNotDue } from './events/market.js';
export { SignalComputed, OrderCause, OrderSubmitted, OrderFilled, OrderRejected, KillSwitchKind, KillSwitchTripped } from './events/trading.js';
export {
  eventSchemas, eventTypes, inputEventTypes, isInputEvent,
  type EventType, type TickfoldEvent, type EventOf, type InputEvent,
} from './events/index.js';
export { validateEvent, isValidEvent } from './events/validate.js';

// Config.
export { Config, StrategySpec, LIMITS, type ConfigInput } from './config/schema.js';
export { resolveConfig, configHash } from './config/load.js';

// The hash chain.
export { canonical } from './chain/canonical.js';
export { GENESIS_HASH, CHAIN_VERSION, chainHash, sha256Hex } from './chain/hash.js';
export { chainEvents, sealedFrom, type EventRecord } from './chain/record.js';

// State and the fold over events.
export type { State, SymbolState, Portfolio, PendingOrder, Halt, FeedHealth } from './state/types.js';
export { initialState } from './state/initial.js';
export { evolve, fold } from './state/evolve.js';

// Strategies: the interface, its helpers and the built-ins.
export { clip, sma, stdev, type Strategy, type StrategyParams } from './strategies/strategy.js';
export { momentum } from './strategies/momentum.js';
export { meanReversion } from './strategies/meanReversion.js';
export { smaCross } from './strategies/smaCross.js';
export { builtinStrategies, createRegistry, type StrategyRegistry, type ResolvedStrategy } from './strategies/registry.js';

// The engine and its ports (feed, sinks, scheduler, randomness).
export { createEngine, type Engine, type EngineDeps, type EngineSink, type RunResult, type RunEnd } from './engine/engine.js';
export type { Feed, Observation, PollRequest } from './engine/feed.js';
export type { RandomSource, Rng } from './random/seeded.js';

// Replay: re-derive a log from its inputs and compare.
export { Replayer, differingFields, type ReplayOptions, type StoredTickLine, type DerivedTick } from './replay/replayer.js';
