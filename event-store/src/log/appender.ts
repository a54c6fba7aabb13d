import type { EventRecord } from '@tickfold/core';
import type { FileLayer } from '../fileLayer.js';
import { eventsDir, segmentName, segmentPath } from '../layout.js';
import type { DurabilityPolicy } from './durability.js';
import { encodeLine, maxLineBytes } from './line.js';
import type { Cursor } from './scan.js';
import { periodOf, type Rotation } from './rotation.js';

export interface AppenderOptions {
  readonly dir: string;
  readonly fs: FileLayer;
  readonly policy: DurabilityPolicy;
  readonly segmentMaxBytes: number;
  readonly rotation: Rotation;
  /** Where to append: after the last good line of the log. */
  readonly at: Cursor;
  /** Clock for the interval policy (ms). */
  readonly nowMs: () => number;
}

/**
 * Writes lines into segment files: one reused buffer per batch, one write per batch and segment,
 * fsync per the durability policy. Rotation is a pure function of the events (size of the segment
 * so far and the UTC date of event time), so two runs of a session produce the same files.
 * Callers validate records first; this only writes.
 */
export class LogAppender {
  private fd = -1;
  private buf = Buffer.allocUnsafe(1 << 20);
  private dirty = false;
  private lastSyncMs: number;
  readonly cursor: Cursor;
  /** Byte offset of the last line written, in `cursor.segment`. */
  lastLineOffset = 0;

  constructor(private readonly o: AppenderOptions) {
    this.cursor = { ...o.at };
    this.lastSyncMs = o.nowMs();
    if (this.cursor.segment > 0) this.fd = o.fs.openAppend(segmentPath(o.dir, segmentName(this.cursor.segment)));
  }

  append(records: readonly EventRecord[]): void {
    const cur = this.cursor;
    let used = 0;
    for (const r of records) {
      const need = maxLineBytes(r.canonical);
      if (used + need > this.buf.length) {
        this.flush(used);
        used = 0;
        if (need > this.buf.length) this.buf = Buffer.allocUnsafe(need * 2);
      }
      const start = used;
      const end = encodeLine(this.buf, start, r.hash, r.canonical);
      const day = periodOf(r.event.time, this.o.rotation);
      const segBytes = cur.offset + start;
      if (this.fd < 0 || (segBytes > 0 && (segBytes + (end - start) > this.o.segmentMaxBytes || day !== cur.day))) {
        this.flush(start);
        this.roll();
        this.buf.copyWithin(0, start, end);
        used = end - start;
        this.lastLineOffset = 0;
      } else {
        used = end;
        this.lastLineOffset = cur.offset + start;
      }
      cur.day = day;
      cur.seq = r.event.seq;
      cur.head = r.hash;
      cur.line += 1;
    }
    this.flush(used);
    const p = this.o.policy;
    if (p.kind === 'batch' || (p.kind === 'interval' && this.o.nowMs() - this.lastSyncMs >= p.ms)) this.sync();
  }

  /** fsyncs the current segment if anything was written since the last fsync. */
  sync(): void {
    if (this.dirty && this.fd >= 0) {
      this.o.fs.fsync(this.fd);
      this.dirty = false;
    }
    this.lastSyncMs = this.o.nowMs();
  }

  close(): void {
    if (this.fd < 0) return;
    this.sync();
    this.o.fs.close(this.fd);
    this.fd = -1;
  }

  private flush(length: number): void {
    if (length === 0) return;
    this.o.fs.write(this.fd, this.buf, 0, length);
    this.cursor.offset += length;
    this.dirty = true;
  }

  private roll(): void {
    const { fs, dir } = this.o;
    if (this.fd >= 0) {
      this.sync();
      fs.close(this.fd);
    }
    const cur = this.cursor;
    cur.segment += 1;
    cur.offset = 0;
    cur.line = 0;
    this.fd = fs.openCreate(segmentPath(dir, segmentName(cur.segment)));
    fs.fsyncDir(eventsDir(dir));
  }
}
