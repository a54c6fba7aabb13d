import type { EventRecord } from '@tickfold/core';
import type { DurabilityPolicy } from '../log/durability.js';
import type { Cursor } from '../log/scan.js';
import type { Rotation } from '../log/rotation.js';
import type { StateBytes } from '../snapshot/write.js';

/** What a run's log needs to know, whichever thread writes it. */
export interface RunLogOptions {
  readonly dir: string;
  readonly policy: DurabilityPolicy;
  /** A virtual-clock run: appends are coalesced and snapshots wait for the next fsync (group commit). */
  readonly recomputable: boolean;
  readonly segmentMaxBytes: number;
  readonly rotation: Rotation;
  readonly keepSnapshots: number;
  /** Where to append: after the last good line of the log. */
  readonly at: Cursor;
}

/**
 * The lines and snapshots of a run, behind its writer: written on the caller's thread
 * (LocalLog) or on a writer thread (ThreadedLog). The writer validates; this only writes.
 */
export interface RunLog {
  /** seq of the newest snapshot written (not one waiting for an fsync). */
  readonly snapshotSeq: number;
  /** seq of the newest snapshot written or waiting for its fsync. */
  readonly newestSnapshotSeq: number;
  append(records: readonly EventRecord[]): void;
  /** A snapshot at the log's current end: at the next fsync of the log when `grouped`, else now (fsyncing first). */
  snapshot(state: StateBytes, grouped: boolean): void;
  /** Everything appended reaches the disk, and snapshots that waited for it are written. */
  sync(): void;
  /** Syncs and closes. */
  close(): void;
  /**
   * The error that stopped the log once it has been thrown, else null. A log on a writer thread may
   * throw it first from a read of a record's hash (see ThreadedLog), outside the writer's calls:
   * the writer's next call then reports that the log failed (E_RUN_WRITER_FAILED) and lets go of the
   * run, as after a call of its own that failed. A log whose errors only its calls throw gives null.
   */
  readonly failure: Error | null;
  /** After a failure: lets go of files and threads, reporting nothing. */
  abort(): void;
}
