import { canonical, type EngineSink, type EventRecord, type State } from '@tickfold/core';
import { chainPoint, continues, hashOf } from '@tickfold/core/internal';
import type { FileLayer } from '../fileLayer.js';
import type { Cursor } from '../log/scan.js';
import type { StateBytes } from '../snapshot/write.js';
import { storeError } from '../errors.js';
import { validateBatch } from './validate.js';
import { LocalLog } from './localLog.js';
import type { RunLog, RunLogOptions } from './runLog.js';
import { ThreadedLog } from './threadedLog.js';
import { LOG_WORKER, workerPath } from '../workerFile.js';

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
  /** Writes on a writer thread: an engine feeding it should defer hashing (`hashing: 'deferred'`), which this thread then never does. */
  readonly threaded: boolean;
  /** Appends records that must start at `expectSeq` (default: the records' first seq). */
  append(records: readonly EventRecord[], expectSeq?: number): void;
  /** fsync now, whatever the policy. */
  sync(): void;
  /** Final snapshot, fsync, unlock; idempotent, so safe from a Ctrl-C handler. */
  close(final?: { readonly state: State; readonly head: string }): void;
}

export interface WriterParts extends RunLogOptions {
  readonly fs: FileLayer;
  /**
   * Hash, encode, write and snapshot on a writer thread (the second core) instead of this one.
   * Needs the node file system and a policy that does not fsync every batch.
   */
  readonly thread: boolean;
  readonly snapshotEvery: number;
  readonly at: Cursor;
  readonly nowMs: () => number;
  readonly release: () => void;
  readonly sinks: readonly (EngineSink & { close(): void })[];
  readonly lockLost: () => Error | null;
}

/** A state serialized here, where it lives, for a snapshot written here or on the writer thread. */
const stateBytes = (state: State): StateBytes => ({ seq: state.seq, tick: state.tick, canonical: canonical(state) });

/** Indexed, not `at(-1)`: on a frozen array (the engine's sealed batches) `at` takes V8's slow path, ~10× an index. */
const lastOf = (records: readonly EventRecord[]): EventRecord | undefined => records[records.length - 1];
const endsWithSessionEnded = (records: readonly EventRecord[]): boolean => lastOf(records)?.event.type === 'SessionEnded';

export function openWriter(parts: WriterParts): RunWriter {
  const file = parts.thread ? workerPath(LOG_WORKER) : null;
  const log: RunLog = file ? new ThreadedLog(parts, file, parts.nowMs) : new LocalLog(parts);
  let failed: unknown = null;
  let closed = false;
  let seq = parts.at.seq;
  /** chainPoint of the last record appended, or the head the writer opened at: what the engine's next batch continues. */
  let tail: EventRecord | string = parts.at.head;
  const head = () => hashOf(tail);
  let lastState: State | null = null;
  // Group commit (a virtual-clock run not fsyncing every tick): a snapshot that comes due waits
  // for the next fsync of the log instead of forcing one, which writes up to two (see LocalLog).
  const grouped = parts.recomputable && parts.policy.kind !== 'tick';
  // openRun gives no writer to an ended session, so a writer starts before SessionEnded.
  let ended = false;

  /**
   * A failure on the writer thread that a record's hash read (the engine's head, say) threw before
   * any call of this writer did: the writer lets go of the run as if its own call had thrown it.
   */
  function adoptLogFailure(): void {
    if (failed || !log.failure) return;
    failed = log.failure;
    log.abort();
    parts.release();
  }

  function guard<T>(fn: () => T): T {
    if (closed) throw storeError('E_RUN_CLOSED', `the writer of ${parts.dir} is closed; open the run again to append`);
    adoptLogFailure();
    if (failed) throw storeError('E_RUN_WRITER_FAILED', `an earlier write to ${parts.dir} failed (${(failed as Error).message}); open the run again to recover and resume`);
    const lost = parts.lockLost();
    if (lost) failed = lost;
    try {
      if (failed) throw failed;
      return fn();
    } catch (e) {
      // A writer whose write failed stops writing and lets go of the run, so recovery can start.
      failed = e;
      log.abort();
      parts.release();
      throw e;
    }
  }

  const append = (records: readonly EventRecord[], expectSeq = records[0]?.event.seq ?? seq + 1) => {
    guard(() => undefined);
    // A rejected batch wrote nothing, so the writer stays usable. A batch the engine sealed,
    // continuing this log, was validated and hashed as it was decided: not checked twice.
    const trusted = !ended && records.length > 0 && continues(records, tail) && expectSeq === seq + 1 && records[0]!.event.seq === expectSeq;
    const endsSession = trusted ? endsWithSessionEnded(records) : validateBatch(records, seq, head(), expectSeq, ended);
    if (records.length === 0) return;
    guard(() => log.append(records));
    ended = endsSession;
    const last = lastOf(records)!;
    seq = last.event.seq;
    tail = chainPoint(last);
  };

  return {
    dir: parts.dir,
    threaded: file !== null,
    get seq() {
      return seq;
    },
    get head() {
      return head();
    },
    append,
    write(records, state) {
      append(records);
      guard(() => {
        lastState = state;
        const newest = log.newestSnapshotSeq;
        const ends = endsWithSessionEnded(records);
        const due = Math.floor(state.seq / parts.snapshotEvery) > Math.floor(newest / parts.snapshotEvery) || ends;
        // Durable once the log has been fsynced after these records were appended.
        if (state.seq === seq && state.seq > newest && due) log.snapshot(stateBytes(state), grouped && !ends);
        for (let i = 0; i < parts.sinks.length; i++) void parts.sinks[i]!.write(records, state);
      });
    },
    sync: () => guard(() => log.sync()),
    close(final) {
      if (closed) return;
      adoptLogFailure();
      if (failed) return;
      try {
        guard(() => {
          // A writer thread hands back every hash first, so comparing heads below hashes nothing.
          log.sync();
          const end = final ?? (lastState && { state: lastState, head: head() });
          if (end && end.state.seq === seq && end.state.seq > log.snapshotSeq && end.head === head()) log.snapshot(stateBytes(end.state), false);
          for (const sink of parts.sinks) sink.close();
          log.close();
        });
      } finally {
        if (!failed) parts.release();
        closed = true;
      }
    },
  };
}
