import type { EventRecord } from '@tickfold/core';
import type { FileLayer } from '../fileLayer.js';
import { segmentName } from '../layout.js';
import { LogAppender } from '../log/appender.js';
import type { Snapshot } from '../snapshot/format.js';
import { writeSnapshot, type StateBytes } from '../snapshot/write.js';
import type { RunLog, RunLogOptions } from './runLog.js';

/**
 * A run's log written on this thread: lines through a LogAppender, fsync per policy (an idle log
 * still gets its last appends synced under the interval policy), snapshots after the fsync of
 * the log they describe. The writer thread runs one of these too.
 */
export class LocalLog implements RunLog {
  private readonly appender: LogAppender;
  private readonly timer: ReturnType<typeof setInterval> | null;
  /** An error of the interval timer's fsync: reported by the next call (a timer has no caller to throw to). */
  private timerFailure: unknown = null;
  /** Snapshot waiting for an fsync of the log after `afterSync` (group commit). */
  private pending: { state: StateBytes; head: string; position: Snapshot['position']; afterSync: number } | null = null;
  /** appender.syncs before the last append: an fsync during that append counts for its snapshot. */
  private syncsBefore = 0;
  snapshotSeq: number;

  constructor(
    private readonly o: RunLogOptions & { readonly fs: FileLayer; readonly nowMs: () => number },
  ) {
    this.appender = new LogAppender({ dir: o.dir, fs: o.fs, policy: o.policy, segmentMaxBytes: o.segmentMaxBytes, rotation: o.rotation, at: o.at, nowMs: o.nowMs, coalesce: o.recomputable });
    this.snapshotSeq = o.at.seq;
    this.timer =
      o.policy.kind === 'interval'
        ? setInterval(() => {
            try {
              if (this.timerFailure === null) this.sync();
            } catch (e) {
              this.timerFailure = e;
            }
          }, o.policy.ms)
        : null;
    this.timer?.unref();
  }

  /** Null: its errors are thrown by its calls alone (see RunLog). */
  get failure(): null {
    return null;
  }

  get newestSnapshotSeq(): number {
    return this.pending?.state.seq ?? this.snapshotSeq;
  }

  append(records: readonly EventRecord[]): void {
    this.check();
    this.syncsBefore = this.appender.syncs;
    this.appender.append(records);
    this.writePending();
  }

  /** See LogAppender's appendLines: lines laid out by the run's writer, made and hashed here (the writer thread's path). */
  appendLines(...args: Parameters<LogAppender['appendLines']>): void {
    this.check();
    this.syncsBefore = this.appender.syncs;
    this.appender.appendLines(...args);
    this.writePending();
  }

  snapshot(state: StateBytes, grouped: boolean): void {
    this.check();
    const head = this.appender.cursor.head;
    if (grouped) {
      this.pending = { state, head, position: this.position(), afterSync: this.syncsBefore };
      this.writePending();
      return;
    }
    this.appender.sync();
    this.write(state, head, this.position());
  }

  sync(): void {
    this.check();
    this.appender.sync();
    this.writePending();
  }

  close(): void {
    this.stopTimer();
    this.check();
    this.appender.close();
  }

  abort(): void {
    this.stopTimer();
    try {
      this.appender.close();
    } catch {
      // The first error is the one reported.
    }
  }

  private check(): void {
    if (this.timerFailure !== null) throw this.timerFailure;
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private position(): Snapshot['position'] {
    const cur = this.appender.cursor;
    return { segment: segmentName(cur.segment), offset: this.appender.lastLineOffset, end: cur.offset, line: cur.line };
  }

  private write(state: StateBytes, head: string, position: Snapshot['position']): void {
    writeSnapshot(this.o.dir, this.o.fs, state, head, position, this.o.keepSnapshots);
    this.snapshotSeq = state.seq;
    this.pending = null;
  }

  /** Writes the snapshot that waited for an fsync, once the log up to it is durable. */
  private writePending(): void {
    if (this.pending && this.appender.syncs > this.pending.afterSync) this.write(this.pending.state, this.pending.head, this.pending.position);
  }
}
