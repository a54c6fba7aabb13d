import type { EventRecord } from '@tickfold/core';
import type { FileLayer } from '../fileLayer.js';
import { eventsDir, segmentName, segmentPath } from '../layout.js';
import type { DurabilityPolicy } from './durability.js';
import { EVENT_AT, HASH_AT, encodeChainedLineInPlace, encodeLine, maxLineBytes } from './line.js';
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
  /**
   * The run's inputs can be fetched again (a virtual-clock run): appends may wait in memory
   * until the buffer fills or the next fsync, so a kill can lose them and a resume recomputes
   * them. Off (a live run), every append reaches the file before `append` returns.
   */
  readonly coalesce?: boolean;
}

const BUFFER_BYTES = 1 << 20;
const QUOTE = 0x22;
const TIME_KEY = Buffer.from('"time":"', 'latin1');

const startsWith = (buf: Buffer, at: number, key: Buffer): boolean => {
  for (let i = 0; i < key.length; i++) if (buf[at + i] !== key[i]) return false;
  return true;
};

/**
 * The time of the canonical event at buf[from, to): the value of its last `"time":"` key (the
 * keys are sorted, and `type`, the one after it, holds a plain name).
 */
function lineTime(buf: Buffer, from: number, to: number): string {
  let at = to - TIME_KEY.length;
  while (at >= from && !startsWith(buf, at, TIME_KEY)) at--;
  if (at < from) throw new Error('internal: an event without a time reached the writer thread');
  const start = at + TIME_KEY.length;
  return buf.toString('latin1', start, buf.indexOf(QUOTE, start));
}

/**
 * Writes lines into segment files through one reused buffer: one write per batch and segment,
 * or, when coalescing, one write per megabyte across batches; fsync per the durability policy.
 * Rotation is a pure function of the events (size of the segment so far and the UTC period of
 * event time), so two runs of a session produce the same files. Callers validate records first;
 * this only writes.
 */
export class LogAppender {
  private fd = -1;
  private buf = Buffer.allocUnsafe(BUFFER_BYTES);
  /** Bytes in `buf` not yet written: the tail of the current segment. */
  private used = 0;
  /** Written since the last fsync of the current segment. */
  private dirty = false;
  /** A segment was created since the events directory was last fsynced. */
  private dirDirty = false;
  /** Rolled-over segments whose background fsync has not finished: the next sync waits for them by fsyncing again. */
  private readonly rolled = new Set<number>();
  private asyncFailure: Error | null = null;
  /** When the last fsync was (the policy's clock). */
  private syncedAtMs: number;
  /** Lines placed since the last fsync: none means the log is durable to its end. */
  private linesSinceSync = 0;
  /** Group commit: a roll-over fsyncs the old segment in the background and the directory at the next sync. */
  private readonly deferRoll: boolean;
  /** The time of the last line appendLines made: the next one's too when its time is not new. */
  private lastLineTime = '';
  readonly cursor: Cursor;
  /** Byte offset of the last line appended, in `cursor.segment`. */
  lastLineOffset = 0;
  /** Number of syncs so far: everything appended before sync number n is durable once `syncs >= n`. */
  syncs = 0;

  constructor(private readonly options: AppenderOptions) {
    this.cursor = { ...options.at };
    this.syncedAtMs = options.nowMs();
    this.deferRoll = options.coalesce === true && options.policy.kind !== 'tick' && options.fs.fsyncInBackground !== undefined;
    if (this.cursor.segment > 0) this.fd = options.fs.openAppend(segmentPath(options.dir, segmentName(this.cursor.segment)));
  }

  append(records: readonly EventRecord[]): void {
    if (this.asyncFailure) throw this.asyncFailure;
    // An index loop: the engine's batches are frozen, and for-of over a frozen array allocates per element.
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      const at = this.reserve(maxLineBytes(r.canonical));
      this.place(r.event.seq, r.event.time, r.hash, at, encodeLine(this.buf, at, r.hash, r.canonical));
    }
    this.appended();
  }

  /**
   * Appends lines laid out in `slot` by the run's writer, each made here: line i starts where line
   * i - 1 ended (the first at 0), with its event `firstSeq + i`'s canonical bytes at EVENT_AT up to
   * `ends[i]`, room for its head before and for `}\n` after. Each is chained from the log's head
   * and hashed where it is (encodeChainedLineInPlace), its hash copied to `hashes` at `i * 64`, and
   * the lines bound for one segment are copied into the write buffer in one go. `newTimes[i]` is 0
   * when event i has the time of the event before it, whose time is then not read again. The
   * writer thread's path: the same lines as `append`.
   */
  appendLines(firstSeq: number, slot: Buffer, ends: Int32Array, newTimes: Uint8Array, count: number, hashes: Buffer): void {
    if (this.asyncFailure) throw this.asyncFailure;
    let pending = 0;
    let at = 0;
    for (let i = 0; i < count; i++) {
      const end = ends[i]!;
      const hash = encodeChainedLineInPlace(slot, at, end, this.cursor.head);
      for (let k = 0; k < 64; k++) hashes[i * 64 + k] = slot[at + HASH_AT + k]!;
      const length = end + 2 - at;
      if (newTimes[i] !== 0 || this.lastLineTime === '') this.lastLineTime = lineTime(slot, at + EVENT_AT, end);
      const day = this.periodOf(this.lastLineTime);
      if (this.rollsBefore(length, day)) {
        this.take(slot, pending, at);
        this.writeOut();
        this.roll();
        pending = at;
      }
      this.advance(firstSeq + i, hash, day, length);
      at = end + 2;
    }
    this.take(slot, pending, at);
    this.appended();
  }

  /** Copies the lines src[from, to) into the write buffer, writing out what waits there first if they do not fit. */
  private take(src: Buffer, from: number, to: number): void {
    if (to === from) return;
    const at = this.reserve(to - from);
    this.used = at + src.copy(this.buf, at, from, to);
  }

  /** Room for a line of at most `need` bytes at the end of the buffer; returns where it starts. */
  private reserve(need: number): number {
    if (this.used + need > this.buf.length) {
      this.writeOut();
      if (need > this.buf.length) this.buf = Buffer.allocUnsafe(need * 2);
    }
    return this.used;
  }

  /** Takes the line just encoded at buf[start, end) into the log, rolling to a new segment first when it must. */
  private place(seq: number, time: string, hash: string, start: number, end: number): void {
    const length = end - start;
    const day = this.periodOf(time);
    if (this.rollsBefore(length, day)) {
      this.used = start;
      this.writeOut();
      this.roll();
      this.buf.copyWithin(0, start, end);
      this.used = length;
    } else {
      this.used = end;
    }
    this.advance(seq, hash, day, length);
  }

  /** Whether a line of `length` bytes in rotation period `day` starts a new segment (a pure function of the events). */
  private rollsBefore(length: number, day: string): boolean {
    const cur = this.cursor;
    return this.fd < 0 || (cur.offset > 0 && (cur.offset + length > this.options.segmentMaxBytes || day !== cur.day));
  }

  /** Moves the cursor past the line of `seq` just placed in the current segment. */
  private advance(seq: number, hash: string, day: string, length: number): void {
    const cur = this.cursor;
    this.lastLineOffset = cur.offset;
    cur.offset += length;
    cur.day = day;
    cur.seq = seq;
    cur.head = hash;
    cur.line += 1;
    this.linesSinceSync += 1;
  }

  /** When the last fsync was, on the policy's clock (see LocalLog's snapshots). */
  get lastSyncMs(): number {
    return this.syncedAtMs;
  }

  /** Whether every line placed so far is durable: a snapshot at the log's end needs no further fsync. */
  get durableToEnd(): boolean {
    return this.linesSinceSync === 0 && this.rolled.size === 0;
  }

  /** After a batch: write out unless coalescing, fsync per policy. */
  private appended(): void {
    if (!this.options.coalesce) this.writeOut();
    const p = this.options.policy;
    if (p.kind === 'tick' || (p.kind === 'interval' && this.options.nowMs() - this.syncedAtMs >= p.ms)) this.sync();
  }

  /** Writes what waits in the buffer and fsyncs every segment written since the last fsync, oldest first. */
  sync(): void {
    if (this.asyncFailure) throw this.asyncFailure;
    this.writeOut();
    const { fs } = this.options;
    // Their background fsync's callback closes them.
    for (const fd of this.rolled) fs.fsync(fd);
    this.rolled.clear();
    if (this.dirty && this.fd >= 0) {
      fs.fsync(this.fd);
      this.dirty = false;
    }
    if (this.dirDirty) {
      fs.fsyncDir(eventsDir(this.options.dir));
      this.dirDirty = false;
    }
    this.syncedAtMs = this.options.nowMs();
    this.linesSinceSync = 0;
    this.syncs += 1;
  }

  close(): void {
    if (this.fd < 0) return;
    this.sync();
    this.options.fs.close(this.fd);
    this.fd = -1;
  }

  private lastTime = '';
  private lastPeriod = '';

  /** The rotation period of an event time, worked out once per distinct time (a tick's events share theirs). */
  private periodOf(time: string): string {
    if (time !== this.lastTime) {
      this.lastTime = time;
      this.lastPeriod = periodOf(time, this.options.rotation);
    }
    return this.lastPeriod;
  }

  private writeOut(): void {
    if (this.used === 0) return;
    this.options.fs.write(this.fd, this.buf, 0, this.used);
    this.used = 0;
    this.dirty = true;
  }

  private roll(): void {
    const { fs, dir } = this.options;
    if (this.fd >= 0) {
      if (this.deferRoll && this.dirty) this.syncInBackground(this.fd);
      else {
        this.sync();
        fs.close(this.fd);
      }
    }
    // Handed off (closed, or closed by its background fsync): a failed open below must not leave it here to be closed twice.
    this.fd = -1;
    const cur = this.cursor;
    cur.segment += 1;
    cur.offset = 0;
    cur.line = 0;
    this.fd = fs.openCreate(segmentPath(dir, segmentName(cur.segment)));
    this.dirty = false;
    if (this.deferRoll) this.dirDirty = true;
    else fs.fsyncDir(eventsDir(dir));
  }

  /** fsyncs a full segment on the second core while the next one fills. */
  private syncInBackground(fd: number): void {
    this.rolled.add(fd);
    this.options.fs.fsyncInBackground!(fd, (err) => {
      this.rolled.delete(fd);
      if (err) this.asyncFailure ??= err;
      try {
        this.options.fs.close(fd);
      } catch (e) {
        this.asyncFailure ??= e as Error;
      }
    });
  }
}
