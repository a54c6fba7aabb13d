import { sealedFrom, type EngineSink, type EventRecord, type State } from '@tickfold/core';
import type { FileLayer } from '../fileLayer.js';
import { segmentName } from '../layout.js';
import { LogAppender } from '../log/appender.js';
import type { DurabilityPolicy } from '../log/durability.js';
import type { Cursor } from '../log/scan.js';
import { writeSnapshot } from '../snapshot/write.js';
import type { Snapshot } from '../snapshot/format.js';
import { storeError } from '../errors.js';
import { validateBatch } from './validate.js';
import type { Rotation } from '../log/rotation.js';

/**
 * The writing side of a run: an EngineSink that validates and appends each tick's records,
 * fsyncs per policy and snapshots every `snapshotEvery` events and when the session ends.
 *
 * @example const writer = createRun({ dir, config, createdAt }); await createEngine(config, { feed, sinks: [writer] }).run({ ticks: 100 }); writer.close();
 */
export interface RunWriter extends EngineSink {
  readonly dir: string;
  /** seq and hash of the last appended event. */
  readonly seq: number;
  readonly head: string;
  /** Appends records that must start at `expectSeq` (default: the records' first seq). */
  append(records: readonly EventRecord[], expectSeq?: number): void;
  /** fsync now, whatever the policy. */
  sync(): void;
  /** Final snapshot, fsync, unlock; idempotent, so safe from a Ctrl-C handler. */
  close(final?: { readonly state: State; readonly head: string }): void;
}

export interface WriterParts {
  readonly dir: string;
  readonly fs: FileLayer;
  readonly policy: DurabilityPolicy;
  /** A virtual-clock run: appends are coalesced (see LogAppender's `coalesce`). */
  readonly recomputable: boolean;
  readonly segmentMaxBytes: number;
  readonly rotation: Rotation;
  readonly snapshotEvery: number;
  readonly keepSnapshots: number;
  readonly at: Cursor;
  readonly nowMs: () => number;
  readonly release: () => void;
  readonly sinks: readonly (EngineSink & { close(): void })[];
  readonly lockLost: () => Error | null;
}

/** Indexed, not `at(-1)`: on a frozen array (the engine's sealed batches) `at` takes V8's slow path, ~10× an index. */
const endsWithSessionEnded = (records: readonly EventRecord[]): boolean => records.length > 0 && records[records.length - 1]!.event.type === 'SessionEnded';

export function openWriter(parts: WriterParts): RunWriter {
  const appender = new LogAppender({ dir: parts.dir, fs: parts.fs, policy: parts.policy, segmentMaxBytes: parts.segmentMaxBytes, rotation: parts.rotation, at: parts.at, nowMs: parts.nowMs, coalesce: parts.recomputable });
  const cur = appender.cursor;
  let failed: unknown = null;
  let closed = false;
  let last: { state: State; head: string } | null = null;
  let snapshotSeq = parts.at.seq;
  // Group commit (a virtual-clock run not fsyncing every tick): a snapshot that comes due waits
  // for the next fsync of the log instead of forcing one, so there is at most one per interval.
  const grouped = parts.recomputable && parts.policy.kind !== 'tick';
  let pending: { state: State; head: string; position: Snapshot['position']; afterSync: number } | null = null;
  // openRun gives no writer to an ended session, so a writer starts before SessionEnded.
  let ended = false;
  // Interval policy: an idle log still gets its last appends synced.
  const timer =
    parts.policy.kind === 'interval'
      ? setInterval(() => {
          try {
            guard(syncNow);
          } catch {
            // Recorded by guard: the next append or close reports it (a timer has no caller to throw to).
          }
        }, parts.policy.ms)
      : null;
  timer?.unref();

  function guard<T>(fn: () => T): T {
    if (closed) throw storeError('E_RUN_CLOSED', `the writer of ${parts.dir} is closed; open the run again to append`);
    if (failed) throw storeError('E_RUN_WRITER_FAILED', `an earlier write to ${parts.dir} failed (${(failed as Error).message}); open the run again to recover and resume`);
    const lost = parts.lockLost();
    if (lost) failed = lost;
    try {
      if (failed) throw failed;
      return fn();
    } catch (e) {
      // A writer whose write failed stops writing and lets go of the run, so recovery can start.
      failed = e;
      shutdown(true);
      throw e;
    }
  }

  const positionNow = (): Snapshot['position'] => ({ segment: segmentName(cur.segment), offset: appender.lastLineOffset, end: cur.offset, line: cur.line });

  function snapshot(state: State, head: string): void {
    appender.sync();
    writeSnapshot(parts.dir, parts.fs, state, head, positionNow(), parts.keepSnapshots);
    snapshotSeq = state.seq;
    pending = null;
  }

  /** Writes the snapshot that waited for an fsync, once the log up to it is durable. */
  function writePending(): void {
    if (!pending || appender.syncs <= pending.afterSync) return;
    writeSnapshot(parts.dir, parts.fs, pending.state, pending.head, pending.position, parts.keepSnapshots);
    snapshotSeq = pending.state.seq;
    pending = null;
  }

  function syncNow(): void {
    appender.sync();
    writePending();
  }

  function shutdown(afterFailure = false): void {
    if (timer) clearInterval(timer);
    try {
      appender.close();
    } catch (e) {
      // After a failed write the first error is the one to report.
      if (!afterFailure) throw e;
    } finally {
      parts.release();
    }
  }

  const append = (records: readonly EventRecord[], expectSeq = records[0]?.event.seq ?? cur.seq + 1) => {
    guard(() => undefined);
    // A rejected batch wrote nothing, so the writer stays usable. A batch the engine sealed,
    // chained from this head, was validated and hashed as it was decided: not checked twice.
    const trusted = !ended && records.length > 0 && sealedFrom(records) === cur.head && expectSeq === cur.seq + 1 && records[0]!.event.seq === expectSeq;
    const endsSession = trusted ? endsWithSessionEnded(records) : validateBatch(records, cur.seq, cur.head, expectSeq, ended);
    if (records.length > 0) guard(() => appender.append(records));
    ended = endsSession;
  };

  return {
    dir: parts.dir,
    get seq() {
      return cur.seq;
    },
    get head() {
      return cur.head;
    },
    append,
    write(records, state) {
      const syncs = appender.syncs;
      append(records);
      guard(() => {
        last = { state, head: cur.head };
        const newest = pending?.state.seq ?? snapshotSeq;
        const ends = endsWithSessionEnded(records);
        const due = Math.floor(state.seq / parts.snapshotEvery) > Math.floor(newest / parts.snapshotEvery) || ends;
        if (state.seq === cur.seq && state.seq > newest && due) {
          // Durable once the log has been fsynced after these records were appended (an fsync during this append counts).
          if (grouped && !ends) pending = { state, head: cur.head, position: positionNow(), afterSync: syncs };
          else snapshot(state, cur.head);
        }
        writePending();
        for (let i = 0; i < parts.sinks.length; i++) void parts.sinks[i]!.write(records, state);
      });
    },
    sync: () => guard(syncNow),
    close(final) {
      if (closed || failed) return;
      try {
        guard(() => {
          const end = final ?? last;
          if (end && end.state.seq === cur.seq && end.head === cur.head && end.state.seq > snapshotSeq) snapshot(end.state, end.head);
          else syncNow();
          for (const sink of parts.sinks) sink.close();
        });
      } finally {
        if (!failed) shutdown();
        closed = true;
      }
    },
  };
}
