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
 * segment) ends the scan and goes to `onDamage`.
 */
export function* scanLog(dir: string, options: ScanOptions): Generator<StoredEvent, void, undefined> {
  const { fs } = options;
  const cur: Cursor = Object.assign(options.cursor ?? startCursor(), options.from ?? startCursor());
  const segments = listSegments(dir, fs);
  const ticks = new TickCheck(options.tick ?? null);
  const batch = new LineBatch();
  const ats = new Float64Array(BATCH_LINES);
  const first = Math.max(1, cur.segment);
  let room: Buffer | undefined;
  const last = Math.min(segments.length, options.toSegment ?? segments.length);
  for (let index = first; index <= last; index++) {
    const name = segments[index - 1]!;
    const path = segmentPath(dir, name);
    const isLast = index === segments.length;
    if (index !== cur.segment) Object.assign(cur, { segment: index, offset: 0, line: 0 });
    const fd = fs.openRead(path);
    try {
      const line = new LineReader(fs, fd, cur.offset, room);
      while (line.next()) {
        if (!line.complete) {
          const torn = logError('E_LOG_FRAME', place(name, line.at, cur), 'the last line has no newline (a torn write)', REPAIR);
          stop(torn, path, name, line.at, cur, isLast, options, dir);
          return;
        }
        // The lines already in the buffer are checked together; on any problem, one by one.
        batch.clear();
        do {
          ats[batch.count] = line.at;
          batch.add(line.start, line.end, cur.seq + batch.count + 1, batch.count === 0 ? cur.head : batch.starts[batch.count - 1]!);
        } while (!batch.full && line.take());
        const { buf } = line;
        const passed = batch.check(buf);
        for (let k = 0; k < batch.count; k++) {
          const start = batch.starts[k]!;
          const end = batch.ends[k]!;
          const at = ats[k]!;
          const { seq, head } = cur;
          let event: StoredEvent | TickfoldError;
          if (passed) {
            event = batch.stored(k, name, at, cur.line + 1);
            cur.seq = event.event.seq;
            cur.head = event.hash;
          } else event = checkLine(buf, start, end, name, at, cur);
          const tickProblem = event instanceof Error ? null : ticks.check(event.event);
          if (event instanceof Error || tickProblem !== null) {
            if (tickProblem !== null) Object.assign(cur, { seq, head });
            const error = event instanceof Error ? event : logError('E_LOG_TICK', place(name, at, cur), tickProblem!, REPAIR);
            stop(error, path, name, at, cur, isLast, options, dir);
            return;
          }
          cur.offset = at + (end - start) + 1;
          cur.line += 1;
          yield event;
        }
      }
      room = line.buf;
    } finally {
      fs.close(fd);
    }
  }
  if (last < segments.length) return;
  const lost = lostAfter(dir, cur, segments, options);
  if (lost) report(lost, options, segments.at(-1) ? options.fs.size(segmentPath(dir, segments.at(-1)!)) - cur.offset : 0);
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
