import type { TickfoldError } from '@tickfold/core';
import type { FileLayer } from '../fileLayer.js';
import { segmentPath } from '../layout.js';
import { logError } from '../errors.js';
import { REPAIR, checkLine, place } from './checkLine.js';
import { startCursor, type Cursor, type Damage, type StoredEvent } from './cursor.js';
import { listSegments } from './segments.js';
import { findFramedLine } from './tail.js';
import { LineReader } from './lines.js';
import { BATCH_LINES, LineBatch } from './lineBatch.js';
import { TickCheck } from './ticks.js';
import { snapshotReach } from '../snapshot/load.js';
import { segmentName } from '../layout.js';

export { startCursor, type Cursor, type Damage, type StoredEvent } from './cursor.js';

export interface ScanOptions {
  readonly fs: FileLayer;
  readonly from?: Cursor;
  /** Keep the valid prefix on damage before the tail instead of throwing. */
  readonly salvage?: boolean;
  /** The tick of the line before `from`, to check the first line's tick against (null: any tick). */
  readonly tick?: number | null;
  /** Receives the cursor as it advances; read it after the scan for the end position. */
  readonly cursor?: Cursor;
  /** Stop after this segment: a part of the log (log/spans.ts), not judged as its end (no torn tail, no lost events). */
  readonly toSegment?: number;
  onDamage?(damage: Damage): void;
}

/**
 * Streams events from the log in constant memory, checking each line's frame, JSON, `seq`,
 * hash chain and schema as it goes. Damage before the tail throws an E_LOG_* error naming
 * segment, byte offset and seq; a torn tail (no complete line after the damage, in the last
 * segment) ends the scan and goes to `onDamage`. The loops that read every line of a long log
 * (recover, the parts of a parallel read) pull from `LogScan` instead.
 */
export function* scanLog(dir: string, options: ScanOptions): Generator<StoredEvent, void, undefined> {
  const scan = new LogScan(dir, options);
  try {
    for (let event = scan.next(); event !== null; event = scan.next()) yield event;
  } finally {
    scan.close();
  }
}

/**
 * `scanLog` as a pull loop: each `next()` is the next checked event, or null at the end (the
 * end of the log, a torn tail, or damage when salvaging; see `onDamage`); damage otherwise
 * throws. A generator costs ~20 ns more an event to resume, and its one large body is compiled
 * (twice, as it warms up) on every thread that reads; `close()` closes the segment open when a
 * loop stops early or throws.
 */
export class LogScan {
  private readonly fs: FileLayer;
  private readonly cur: Cursor;
  private readonly segments: string[];
  private readonly ticks: TickCheck;
  private readonly batch = new LineBatch();
  private readonly ats = new Float64Array(BATCH_LINES);
  private readonly last: number;
  /** The segment being read (1-based), its name, path and open file, and its lines. */
  private index: number;
  private name = '';
  private path = '';
  private fd = -1;
  private reader: LineReader | null = null;
  /** The last reader's buffer, read into again by the next segment's. */
  private room: Buffer | undefined;
  /** The batch's next line, and whether the batch passed its checks (else each line is checked alone). */
  private k = 0;
  private passed = false;
  private ended = false;

  constructor(
    private readonly dir: string,
    private readonly options: ScanOptions,
  ) {
    this.fs = options.fs;
    this.cur = Object.assign(options.cursor ?? startCursor(), options.from ?? startCursor());
    this.segments = listSegments(dir, this.fs);
    this.ticks = new TickCheck(options.tick ?? null);
    this.index = Math.max(1, this.cur.segment) - 1;
    this.last = Math.min(this.segments.length, options.toSegment ?? this.segments.length);
  }

  next(): StoredEvent | null {
    // Once stopped (damage, or the end) it stays stopped: the batch's later lines are past the damage.
    if (this.ended) return null;
    while (this.k >= this.batch.count) if (!this.gather()) return null;
    const { batch, cur, name } = this;
    const k = this.k++;
    const start = batch.starts[k]!;
    const end = batch.ends[k]!;
    const at = this.ats[k]!;
    const { seq, head } = cur;
    let event: StoredEvent | TickfoldError;
    if (this.passed) {
      event = batch.stored(k, name, at, cur.line + 1);
      cur.seq = event.event.seq;
      cur.head = event.hash;
    } else event = checkLine(this.reader!.buf, start, end, name, at, cur);
    const tickProblem = event instanceof Error ? null : this.ticks.check(event.event);
    if (event instanceof Error || tickProblem !== null) {
      if (tickProblem !== null) Object.assign(cur, { seq, head });
      const error = event instanceof Error ? event : logError('E_LOG_TICK', place(name, at, cur), tickProblem!, REPAIR);
      this.stop(error, at);
      return null;
    }
    cur.offset = at + (end - start) + 1;
    cur.line += 1;
    return event;
  }

  /** Ends the scan: it reads nothing more, and the segment open, if any, is closed. */
  close(): void {
    this.ended = true;
    this.reader = null;
    this.closeSegment();
  }

  private closeSegment(): void {
    if (this.fd < 0) return;
    const fd = this.fd;
    this.fd = -1;
    this.fs.close(fd);
  }

  /**
   * The next lines, checked together: those already in the reader's buffer (on any problem each
   * is checked alone as it is handed out). False at the end of the log or of the scan.
   */
  private gather(): boolean {
    const line = this.reader;
    if (line === null || !line.next()) return this.nextSegment() && this.gather();
    const { batch, cur } = this;
    if (!line.complete) {
      const torn = logError('E_LOG_FRAME', place(this.name, line.at, cur), 'the last line has no newline (a torn write)', REPAIR);
      this.stop(torn, line.at);
      return false;
    }
    batch.clear();
    do {
      this.ats[batch.count] = line.at;
      batch.add(line.start, line.end, cur.seq + batch.count + 1, batch.count === 0 ? cur.head : batch.starts[batch.count - 1]!);
    } while (!batch.full && line.take());
    this.passed = batch.check(line.buf);
    this.k = 0;
    return true;
  }

  /** Opens the next segment to read; false past the last (after checking that no events were lost). */
  private nextSegment(): boolean {
    if (this.reader !== null) this.room = this.reader.buf;
    this.reader = null;
    this.closeSegment();
    if (this.index >= this.last) {
      this.ended = true;
      this.atEnd();
      return false;
    }
    const { cur } = this;
    this.index += 1;
    this.name = this.segments[this.index - 1]!;
    this.path = segmentPath(this.dir, this.name);
    if (this.index !== cur.segment) Object.assign(cur, { segment: this.index, offset: 0, line: 0 });
    this.fd = this.fs.openRead(this.path);
    this.reader = new LineReader(this.fs, this.fd, cur.offset, this.room);
    return true;
  }

  /** After the last segment read: E_LOG_LOST when the log should reach further (a part of the log is not judged). */
  private atEnd(): void {
    const { segments, options } = this;
    if (this.last < segments.length) return;
    const lost = lostAfter(this.dir, this.cur, segments, options);
    if (lost) report(lost, options, segments.at(-1) ? options.fs.size(segmentPath(this.dir, segments.at(-1)!)) - this.cur.offset : 0);
  }

  private stop(error: TickfoldError, offset: number): void {
    this.ended = true;
    stop(error, this.path, this.name, offset, this.cur, this.index === this.segments.length, this.options, this.dir);
  }
}

/** E_LOG_LOST when a snapshot shows the log reached past `cur`, the end of what is there. */
function lostAfter(dir: string, cur: Cursor, segments: readonly string[], options: ScanOptions): TickfoldError | null {
  const reach = snapshotReach(dir, options.fs);
  if (!reach || reach.seq <= cur.seq) return null;
  const segment = segments[Math.max(1, cur.segment) - 1] ?? segmentName(1);
  return logError(
    'E_LOG_LOST',
    { segment, offset: cur.offset, seq: cur.seq + 1 },
    `the log ends at seq ${cur.seq} but snapshot ${reach.name} shows it reached seq ${reach.seq}: events ${cur.seq + 1}–${reach.seq} are lost (a deleted segment or lines cut from the end)`,
    'restore the log from a backup; or resume with salvage (tickfold run --resume DIR --salvage), which keeps the events that are there and runs the lost ticks again',
  );
}

function report(error: TickfoldError, options: ScanOptions, bytes: number): void {
  if (!options.salvage) throw error;
  const d = error.details as { segment: string; offset: number; seq: number };
  options.onDamage?.({ code: error.code, segment: d.segment, offset: d.offset, seq: d.seq, message: error.message, bytes, salvaged: true });
}

function stop(error: TickfoldError, path: string, segment: string, offset: number, cur: Cursor, isLast: boolean, options: ScanOptions, dir: string): void {
  const torn = isLast && !findFramedLine(options.fs, path, offset);
  // A torn tail is the one damage a crash leaves, unless the log should reach further than that.
  const lost = torn ? lostAfter(dir, cur, listSegments(dir, options.fs), options) : null;
  if (lost) return report(lost, options, options.fs.size(path) - offset);
  if (!torn && !options.salvage) throw error;
  options.onDamage?.({
    code: torn ? 'E_LOG_TORN_TAIL' : error.code,
    segment,
    offset,
    seq: cur.seq + 1,
    message: error.message,
    bytes: options.fs.size(path) - offset,
    salvaged: !torn,
  });
}
