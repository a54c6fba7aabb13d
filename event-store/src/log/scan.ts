import { GENESIS_HASH, validateEvent, isTickfoldError, type TickfoldEvent, type TickfoldError } from '@tickfold/core';
import type { FileLayer } from '../fileLayer.js';
import { segmentPath } from '../layout.js';
import { logError, type LogPlace } from '../errors.js';
import { EVENT_AT, hasFrame, lineCanonical, lineHash } from './line.js';
import { LineHasher } from './lineHash.js';
import { listSegments } from './segments.js';
import { findFramedLine } from './tail.js';

/** An event as it sits in the log: the parsed event, its stored bytes and hash, and where. */
export interface StoredEvent {
  readonly event: TickfoldEvent;
  readonly canonical: string;
  readonly hash: string;
  readonly segment: string;
  /** Byte offset of the line in its segment. */
  readonly offset: number;
  /** 1-based line number in its segment. */
  readonly line: number;
}

/** Where a scan is: after the last good line. Also where a scan may start (e.g. at a snapshot). */
export interface Cursor {
  /** 1-based segment index; 0 before any segment. */
  segment: number;
  offset: number;
  line: number;
  seq: number;
  head: string;
  /**
   * UTC date of the last event, for date-based rotation. Not kept up to date by the scan (a
   * string per line is measurable); recovery sets it on the boundary it resumes from.
   */
  day: string | null;
}

/** Damage the scan stopped at without throwing: a torn tail, or anything when salvaging. */
export interface Damage {
  readonly code: string;
  readonly segment: string;
  readonly offset: number;
  readonly seq: number;
  readonly message: string;
  /** Bytes from the damage to the end of its segment. */
  readonly bytes: number;
  readonly salvaged: boolean;
}

export interface ScanOptions {
  readonly fs: FileLayer;
  readonly from?: Cursor;
  /** Keep the valid prefix on damage before the tail instead of throwing. */
  readonly salvage?: boolean;
  /** Receives the cursor as it advances; read it after the scan for the end position. */
  readonly cursor?: Cursor;
  onDamage?(damage: Damage): void;
}

export const startCursor = (): Cursor => ({ segment: 0, offset: 0, line: 0, seq: 0, head: GENESIS_HASH, day: null });

const CHUNK_BYTES = 1 << 20;

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
  let buf = Buffer.allocUnsafe(CHUNK_BYTES);
  const first = Math.max(1, cur.segment);
  for (let index = first; index <= segments.length; index++) {
    const name = segments[index - 1]!;
    const path = segmentPath(dir, name);
    const isLast = index === segments.length;
    if (index !== cur.segment) Object.assign(cur, { segment: index, offset: 0, line: 0 });
    const fd = fs.openRead(path);
    try {
      let filePos = cur.offset; // file offset of buf[0]
      let len = 0;
      let eof = false;
      while (true) {
        if (!eof) {
          if (len === buf.length) {
            const bigger = Buffer.allocUnsafe(buf.length * 2);
            buf.copy(bigger, 0, 0, len);
            buf = bigger;
          }
          const n = fs.read(fd, buf, len, buf.length - len, filePos + len);
          if (n === 0) eof = true;
          len += n;
        }
        let start = 0;
        let nl = buf.indexOf(0x0a, start);
        while (nl !== -1 && nl < len) {
          const event = checkLine(buf, start, nl, name, filePos + start, cur);
          if (event instanceof Error) {
            stop(event, path, name, filePos + start, cur, isLast, options);
            return;
          }
          cur.offset = filePos + nl + 1;
          cur.line += 1;
          yield event;
          start = nl + 1;
          nl = buf.indexOf(0x0a, start);
        }
        if (eof) {
          if (start < len) {
            const torn = logError('E_LOG_FRAME', place(name, filePos + start, cur), 'the last line has no newline (a torn write)', REPAIR);
            stop(torn, path, name, filePos + start, cur, isLast, options);
            return;
          }
          break;
        }
        buf.copy(buf, 0, start, len);
        len -= start;
        filePos += start;
      }
    } finally {
      fs.close(fd);
    }
  }
}

const hasher = new LineHasher();
const REPAIR = "run 'tickfold verify' for the full report, or open with salvage to keep the valid prefix";
const place = (segment: string, offset: number, cur: Cursor): LogPlace => ({ segment, offset, seq: cur.seq + 1 });

function checkLine(buf: Buffer, start: number, end: number, segment: string, offset: number, cur: Cursor): StoredEvent | TickfoldError {
  const at = place(segment, offset, cur);
  if (!hasFrame(buf, start, end)) {
    return logError('E_LOG_FRAME', at, 'the line is not a framed event line {"h":…,"e":{…}} (torn write, garbage or an edit)', REPAIR);
  }
  const canonical = lineCanonical(buf, start, end);
  let event: TickfoldEvent;
  try {
    event = JSON.parse(canonical) as TickfoldEvent;
  } catch (e) {
    return logError('E_LOG_JSON', at, `the event is not valid JSON (${(e as Error).message})`, REPAIR);
  }
  if (event?.seq !== cur.seq + 1) {
    return logError('E_LOG_SEQ', at, `expected seq ${cur.seq + 1} but the line holds seq ${String(event?.seq)} (a duplicated, missing or reordered line or segment)`, REPAIR);
  }
  const hash = lineHash(buf, start);
  if (hasher.hash(cur.head, buf, start + EVENT_AT, end - 1) !== hash) {
    return logError('E_LOG_HASH_MISMATCH', at, 'the line does not chain from the one before: the log was changed after it was written', REPAIR);
  }
  try {
    validateEvent(event); // where it is goes into the error below, not into a string per line
  } catch (e) {
    if (!isTickfoldError(e)) throw e;
    return logError('E_LOG_EVENT_INVALID', at, e.message, REPAIR);
  }
  cur.seq = event.seq;
  cur.head = hash;
  return { event, canonical, hash, segment, offset, line: cur.line + 1 };
}

function stop(error: TickfoldError, path: string, segment: string, offset: number, cur: Cursor, isLast: boolean, options: ScanOptions): void {
  const torn = isLast && !findFramedLine(options.fs, path, offset);
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
