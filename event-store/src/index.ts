/**
 * @tickfold/event-store — a run directory holding a hash-chained, append-only, segmented event
 * log, atomic snapshots, crash recovery and deterministic resume, plus the operator's ops log.
 *
 * The public API, listed name by name (`publicFace.spec.ts` pins it). What only tickfold's own
 * packages need is in `@tickfold/event-store/internal`.
 */
export { createRun, startRunThread, type CreateRunOptions } from './run/create.js';
export { openRun, type OpenRunOptions, type OpenedRun } from './run/open.js';
export { readRun, type ReadRunOptions } from './run/read.js';
export { verifyRun, type VerifyReport, type VerifyProblem, type PinnedHead } from './run/verify.js';
export { replayRun, type ReplayRunOptions, type ReplayResult } from './run/replay.js';
export type { RunWriter } from './run/writer.js';
export type { Manifest } from './run/manifest.js';
export type { StoredEvent, Damage } from './log/scan.js';
export type { Snapshot } from './snapshot/format.js';
export type { DurabilityPolicy } from './log/durability.js';
export type { Rotation } from './log/rotation.js';
export { createOpsLog, type OpsLog, type OpsLogOptions } from './ops/opsLog.js';
// The file-system port of every call (`fs` option) and its default.
export { nodeFileLayer, type FileLayer } from './fileLayer.js';
