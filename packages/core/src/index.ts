/**
 * @tickfold/core — the deterministic heart of tickfold: events and their schemas, the pure
 * reducer fold, strategies, the simulated broker, kill switches and the RxJS engine.
 * No I/O, no wall clock, no environment: time and randomness are injected.
 */
export * from './errors.js';
export * from './session.js';
export * from './events/index.js';
export { validateEvent, isValidEvent } from './events/validate.js';
export { inputAjv, describeAjvError } from './validation/ajv.js';
export { Config, StrategySpec, LIMITS, type ConfigInput } from './config/schema.js';
export { resolveConfig, configHash } from './config/load.js';
export { exceedsDepth, MAX_JSON_DEPTH } from './config/depth.js';
export { canonical } from './chain/canonical.js';
export { GENESIS_HASH, CHAIN_VERSION, chainHash, sha256Hex } from './chain/hash.js';
export { chainEvents, sealedFrom, type EventRecord } from './chain/record.js';
export type * from './state/types.js';
export { initialState, initialPortfolio, deepFreeze } from './state/initial.js';
export { evolve, fold, applyEvent, utcDay } from './state/evolve.js';
export { checkInvariants, assertInvariants } from './state/invariants.js';
export type { Strategy, StrategyParams } from './strategies/strategy.js';
export { clip, sma, stdev } from './strategies/strategy.js';
export { momentum } from './strategies/momentum.js';
export { meanReversion } from './strategies/meanReversion.js';
export { smaCross } from './strategies/smaCross.js';
export {
  builtinStrategies, createRegistry, resolveStrategies, combineTargets, strategiesWindow, functionsHash,
  type StrategyRegistry, type ResolvedStrategy,
} from './strategies/registry.js';
export { planOrder, needsRebalance, admissibleTarget, targetUnits, type OrderPlan, type BrokerConfig } from './broker/order.js';
export { checkKillSwitches, nextDay, type Trip } from './risk/killSwitch.js';
export { seededRandom, type RandomSource, type Rng } from './random/seeded.js';
export { admit, isUsableBar } from './decide/admit.js';
export { staleLimitMs, barSpacingMs, staleness } from './decide/staleness.js';
export { keepFirstAtTime } from './decide/duplicates.js';
export { decideContext, type DecideContext } from './decide/context.js';
export { stepTick, type TickInput, type TickResult } from './decide/tick.js';
export { startSession, endSession, strategyRecords, checkStrategyRecords } from './decide/session.js';
export { Replayer, differingFields, type ReplayOptions } from './replay/replayer.js';
export type { Feed, Observation, PollRequest } from './engine/feed.js';
export { createEngine, type Engine, type EngineDeps, type EngineSink, type RunResult, type RunEnd, type SymbolStatus } from './engine/engine.js';
