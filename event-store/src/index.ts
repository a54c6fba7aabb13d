/**
 * @tickfold/event-store — a run directory holding a hash-chained, append-only, segmented event
 * log, atomic snapshots, crash recovery and deterministic resume, plus the operator's ops log.
 */
export { createRun, DEFAULT_SEGMENT_MAX_BYTES, DEFAULT_SNAPSHOT_EVERY, DEFAULT_KEEP_SNAPSHOTS, type CreateRunOptions } from './run/create.js';
export { openRun, type OpenRunOptions, type OpenedRun } from './run/open.js';
export { readRun, type ReadRunOptions } from './run/read.js';
export { verifyRun, type VerifyReport, type VerifyProblem } from './run/verify.js';
export { replayRun, type ReplayRunOptions, type ReplayResult } from './run/replay.js';
export type { RunWriter } from './run/writer.js';
export type { Manifest } from './run/manifest.js';
export { describePolicy, defaultPolicy, isRecomputable, DEFAULT_POLICY, GROUP_COMMIT, type DurabilityPolicy } from './log/durability.js';
export type { StoredEvent, Damage } from './log/scan.js';
export type { Snapshot } from './snapshot/format.js';
export { createOpsLog, type OpsLog, type OpsLogOptions } from './ops/opsLog.js';
export { jsonSafe } from './ops/jsonSafe.js';
export { nodeFileLayer, type FileLayer } from './fileLayer.js';
export { periodOf, defaultRotation, ROTATIONS, type Rotation } from './log/rotation.js';
