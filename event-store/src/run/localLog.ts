import type { EventRecord } from '@tickfold/core';
import type { FileLayer } from '../fileLayer.js';
import { segmentName } from '../layout.js';
import { LogAppender } from '../log/appender.js';
import { intervalMsOf } from '../log/durability.js';
import type { Snapshot } from '../snapshot/format.js';
import { writeSnapshot, type StateBytes } from '../snapshot/write.js';
import type { RunLog, RunLogOptions } from './runLog.js';

/** A snapshot waiting for an fsync of the log after `afterSync` (group commit). */
interface Pending {
  readonly state: StateBytes;
  readonly head: string;
  readonly position: Snapshot['position'];
  readonly afterSync: number;
}

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
  /**
   * Under group commit, each fsync writes up to two of the snapshots that came due since the one
   * before: `mid`, the first due half an interval or more after that fsync, and `newest`, the last
   * due after `mid` (or the last of all, when none was due that late). One per fsync would leave a
   * long run's snapshots a whole interval of log apart; two, spread, let a full read split the log
   * between its threads twice as finely (log/spans.ts), for one more small file per interval.
   */
  private mid: Pending | null = null;
  private newest: Pending | null = null;
  /** The interval policy's period, else null. */
  private readonly intervalMs: number | null;
  snapshotSeq: number;

  constructor(
    private readonly o: RunLogOptions & { readonly fs: FileLayer; readonly nowMs: () => number },
  ) {
    this.appender = new LogAppender({ dir: o.dir, fs: o.fs, policy: o.policy, segmentMaxBytes: o.segmentMaxBytes, rotation: o.rotation, at: o.at, nowMs: o.nowMs, coalesce: o.recomputable });
    this.snapshotSeq = o.at.seq;
    this.intervalMs = intervalMsOf(o.policy);
    this.timer =
      this.intervalMs !== null
        ? setInterval(() => {
            try {
              if (this.timerFailure === null) this.sync();
            } catch (e) {
              this.timerFailure = e;
            }
          }, this.intervalMs)
        : null;
    this.timer?.unref();
  }

  /** Null: its errors are thrown by its calls alone (see RunLog). */
  get failure(): null {
    return null;
  }

  get newestSnapshotSeq(): number {
    return (this.newest ?? this.mid)?.state.seq ?? this.snapshotSeq;
  }

  append(records: readonly EventRecord[]): void {
    this.check();
    this.appender.append(records);
    this.writePending();
  }

  /** See LogAppender's appendLines: lines laid out by the run's writer, made and hashed here (the writer thread's path). */
  appendLines(...args: Parameters<LogAppender['appendLines']>): void {
    this.check();
    this.appender.appendLines(...args);
    this.writePending();
  }

  snapshot(state: StateBytes, grouped: boolean): void {
    this.check();
    const head = this.appender.cursor.head;
    if (grouped) {
      // Durable once an fsync after its line has passed: the last one, when nothing was placed since (it ended the append before).
      const { appender } = this;
      const due: Pending = { state, head, position: this.position(), afterSync: appender.durableToEnd ? appender.syncs - 1 : appender.syncs };
      if (this.mid === null && this.intervalMs !== null && this.o.nowMs() - appender.lastSyncMs >= this.intervalMs / 2) {
        this.mid = due;
        this.newest = null;
      } else {
        this.newest = due;
      }
      this.writePending();
      return;
    }
    this.appender.sync();
    // Those still waiting are older: dropped.
    this.mid = null;
    this.newest = null;
    this.write({ state, head, position: this.position() });
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

  private write(s: Omit<Pending, 'afterSync'>): void {
    writeSnapshot(this.o.dir, this.o.fs, s.state, s.head, s.position, this.o.keepSnapshots);
    this.snapshotSeq = s.state.seq;
  }

  /** Writes the snapshots that waited for an fsync, in seq order, once the log up to each is durable. */
  private writePending(): void {
    const syncs = this.appender.syncs;
    const { mid, newest } = this;
    if (mid !== null && syncs > mid.afterSync) {
      this.mid = null;
      this.write(mid);
    }
    if (newest !== null && syncs > newest.afterSync) {
      this.newest = null;
      this.write(newest);
    }
  }
}
