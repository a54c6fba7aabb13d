import { join } from 'node:path';
import { resolveConfig, type Config } from '@tickfold/core';
import { nodeFileLayer, type FileLayer } from '../fileLayer.js';
import { MANIFEST_FILE, eventsDir, snapshotsDir } from '../layout.js';
import { defaultPolicy, isRecomputable, type DurabilityPolicy } from '../log/durability.js';
import { startCursor } from '../log/scan.js';
import { createOpsLog, type OpsLogOptions } from '../ops/opsLog.js';
import { storeError } from '../errors.js';
import { acquireLock } from './lock.js';
import { newManifest } from './manifest.js';
import { defaultRotation, type Rotation } from '../log/rotation.js';
import { openWriter, type RunWriter } from './writer.js';

export const DEFAULT_SEGMENT_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_SNAPSHOT_EVERY = 10_000;
export const DEFAULT_KEEP_SNAPSHOTS = 3;

export interface CreateRunOptions {
  readonly dir: string;
  readonly config: Config | Record<string, unknown>;
  /** Wall-clock creation time, injected by the caller (ISO). */
  readonly createdAt: string;
  /** Default: group commit for a virtual-clock run, every batch for a live one (see defaultPolicy). */
  readonly policy?: DurabilityPolicy;
  readonly segmentMaxBytes?: number;
  /** Segment and ops-log rollover by event time; default from the config (see defaultRotation). */
  readonly rotation?: Rotation;
  readonly snapshotEvery?: number;
  readonly keepSnapshots?: number;
  readonly opsLog?: boolean | OpsLogOptions;
  readonly fs?: FileLayer;
  /** Clock for the interval policy; default performance.now. */
  readonly nowMs?: () => number;
}

/** Shared by createRun and openRun({ forWrite }): lock state, ops log and clock. */
export interface WriterSetup {
  readonly policy?: DurabilityPolicy;
  readonly keepSnapshots?: number;
  readonly opsLog?: boolean | OpsLogOptions;
  readonly nowMs?: () => number;
}

export function makeLockLost(dir: string): { onLost: (e: Error) => void; lost: () => Error | null } {
  let lost: Error | null = null;
  return {
    onLost: (e) => {
      lost = storeError('E_RUN_LOCK_LOST', `the writer lock of ${dir} was lost (${e.message}); another process may be writing; stop and open the run again`);
    },
    lost: () => lost,
  };
}

export const opsSinks = (dir: string, opsLog: boolean | OpsLogOptions | undefined, rotation: Rotation) =>
  opsLog ? [createOpsLog({ dir: join(dir, 'ops'), rotation, ...(typeof opsLog === 'object' ? opsLog : {}) })] : [];

/**
 * Creates a run directory (manifest, events/, snapshots/), takes its single-writer lock and
 * returns the writer. Refuses a directory that exists and is not empty (E_RUN_EXISTS).
 *
 * @example const writer = createRun({ dir: 'runs/a', config, createdAt: new Date().toISOString() });
 */
export function createRun(options: CreateRunOptions): RunWriter {
  const fs = options.fs ?? nodeFileLayer;
  const { dir } = options;
  if (fs.exists(dir) && fs.list(dir).length > 0) {
    throw storeError('E_RUN_EXISTS', `${dir} already exists and is not empty; choose a new directory, or resume it with openRun(dir, { forWrite: true })`, { dir });
  }
  const config = resolveConfig(options.config);
  const segmentMaxBytes = options.segmentMaxBytes ?? DEFAULT_SEGMENT_MAX_BYTES;
  const snapshotEvery = options.snapshotEvery ?? DEFAULT_SNAPSHOT_EVERY;
  if (!Number.isSafeInteger(segmentMaxBytes) || segmentMaxBytes < 1024) {
    throw storeError('E_OPTION', `segmentMaxBytes must be an integer >= 1024, got ${segmentMaxBytes}`, { field: 'segmentMaxBytes' });
  }
  if (!Number.isSafeInteger(snapshotEvery) || snapshotEvery < 0) {
    throw storeError('E_OPTION', `snapshotEvery must be an integer >= 0 (0: only at close), got ${snapshotEvery}`, { field: 'snapshotEvery' });
  }
  fs.mkdir(dir);
  const lock = makeLockLost(dir);
  const release = acquireLock(dir, lock.onLost);
  try {
    fs.mkdir(eventsDir(dir));
    fs.mkdir(snapshotsDir(dir));
    const rotation = options.rotation ?? defaultRotation(config);
    const manifest = newManifest(config, options.createdAt, segmentMaxBytes, snapshotEvery, rotation);
    fs.writeFileAtomic(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    return openWriter({
      dir,
      fs,
      policy: options.policy ?? defaultPolicy(config),
      recomputable: isRecomputable(config),
      segmentMaxBytes,
      rotation,
      snapshotEvery,
      keepSnapshots: options.keepSnapshots ?? DEFAULT_KEEP_SNAPSHOTS,
      at: startCursor(),
      nowMs: options.nowMs ?? (() => performance.now()),
      release,
      sinks: opsSinks(dir, options.opsLog, rotation),
      lockLost: lock.lost,
    });
  } catch (e) {
    release();
    throw e;
  }
}
