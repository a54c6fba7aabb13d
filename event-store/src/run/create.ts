import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { resolveConfig, type Config } from '@tickfold/core';
import { nodeFileLayer, type FileLayer } from '../fileLayer.js';
import { MANIFEST_FILE, eventsDir, snapshotsDir } from '../layout.js';
import { defaultPolicy, isRecomputable, type DurabilityPolicy } from '../log/durability.js';
import { startCursor } from '../log/scan.js';
import { createOpsLog, type OpsLogOptions } from '../ops/opsLog.js';
import { storeError } from '../errors.js';
import { acquireLock, isDead } from './lock.js';
import { assertNoSymlinks } from './symlinks.js';
import { newManifest } from './manifest.js';
import { defaultRotation, type Rotation } from '../log/rotation.js';
import { openWriter, type RunWriter } from './writer.js';
import { startWriterThread } from './threadedLog.js';
import { LOG_WORKER, workerPath } from '../workerFile.js';

export const DEFAULT_SEGMENT_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_SNAPSHOT_EVERY = 10_000;
export const DEFAULT_KEEP_SNAPSHOTS = 3;

export interface CreateRunOptions {
  readonly dir: string;
  readonly config: Config | Record<string, unknown>;
  /** Wall-clock creation time, injected by the caller (ISO). */
  readonly createdAt: string;
  /** Default: group commit for a virtual-clock run, every tick for a live one (see defaultPolicy). */
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
  /**
   * Hash, encode, write and snapshot the log on a writer thread (the second core): the engine's
   * thread only serializes. Taken for a virtual-clock run (recomputable: a live run keeps one
   * durable tick at a time on the caller's thread) whose log is on the node file system (no
   * injected `fs`) and clock (no injected `nowMs`: the thread's interval fsync keeps its own time),
   * and whose policy is not `tick`, the promise of a tick durable when `write` returns.
   * Pair it with the engine's `hashing: 'deferred'` (see RunWriter's `threaded`).
   */
  readonly thread?: boolean;
  /**
   * More files to write beside the manifest, inside the atomic creation (name → content), e.g.
   * the CLI's cli-run.json: a run directory then never exists without them.
   */
  readonly files?: Readonly<Record<string, string>>;
}

/** Whether a writer writes on a writer thread (see CreateRunOptions' `thread`), with the file layer and policy `options` default to. */
export const onThread = (options: Pick<CreateRunOptions, 'thread' | 'policy' | 'fs' | 'nowMs'>, config: Config): boolean =>
  options.thread === true && isRecomputable(config) && (options.fs ?? nodeFileLayer) === nodeFileLayer && options.nowMs === undefined && (options.policy ?? defaultPolicy(config)).kind !== 'tick';

/**
 * Starts the writer thread of a run about to be created with `options` and `config`, if it will
 * take one (see `thread`): the thread's start-up (~0.1 s) then overlaps what the caller does before
 * createRun (reading its inputs) instead of holding up the run's first events. createRun gives the
 * thread its run; a thread no run takes idles, and does not keep the process alive.
 *
 * @example startRunThread({ thread: true }, config); const feed = createFeed(config); const writer = createRun({ dir, config, createdAt, thread: true });
 */
export function startRunThread(options: Pick<CreateRunOptions, 'thread' | 'policy' | 'fs' | 'nowMs'>, config: Config): void {
  const file = workerPath(LOG_WORKER);
  if (file !== null && onThread(options, config)) startWriterThread(file);
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
 * Creates a run directory (manifest, events/, snapshots/ and `files`), takes its single-writer
 * lock and returns the writer. Refuses a directory that exists and is not empty (E_RUN_EXISTS).
 * Creation is atomic: everything is written into a hidden sibling (`.<name>.creating-<pid>`),
 * made durable and renamed into place, so after a crash at any moment either no run directory
 * exists or a complete one does (which `openRun(dir, { forWrite: true })` resumes).
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
  const rotation = options.rotation ?? defaultRotation(config);
  const parent = dirname(dir);
  fs.mkdir(parent);
  removeStaleCreations(parent, basename(dir));
  const staging = join(parent, `.${basename(dir)}.creating-${process.pid}`);
  try {
    fs.mkdir(eventsDir(staging));
    fs.mkdir(snapshotsDir(staging));
    const manifest = newManifest(config, options.createdAt, segmentMaxBytes, snapshotEvery, rotation);
    fs.writeFileAtomic(join(staging, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    for (const [name, content] of Object.entries(options.files ?? {})) fs.writeFileAtomic(join(staging, name), content);
    fs.fsyncDir(staging);
    // rename(2) replaces an empty directory and refuses a non-empty one: the E_RUN_EXISTS rule, atomically.
    fs.rename(staging, dir);
    fs.fsyncDir(parent);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') throw storeError('E_RUN_EXISTS', `${dir} was created by someone else meanwhile; choose a new directory`, { dir }, e);
    throw e;
  }
  assertNoSymlinks(dir);
  const lock = makeLockLost(dir);
  const release = acquireLock(dir, lock.onLost);
  const policy = options.policy ?? defaultPolicy(config);
  try {
    return openWriter({
      dir,
      fs,
      thread: onThread(options, config),
      policy,
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

/** Staging directories of `name` left by creators that were killed (their pid is gone). */
function removeStaleCreations(parent: string, name: string): void {
  const prefix = `.${name}.creating-`;
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length));
    if (Number.isSafeInteger(pid) && pid !== process.pid && !isDead(pid)) continue;
    rmSync(join(parent, entry), { recursive: true, force: true });
  }
}
