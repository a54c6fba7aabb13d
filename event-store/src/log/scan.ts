import type { TickfoldError } from '@tickfold/core';
import type { FileLayer } from '../fileLayer.js';
import { segmentPath } from '../layout.js';
import { logError } from '../errors.js';
import { REPAIR, checkLine, place } from './checkLine.js';
import { startCursor, type Cursor, type Damage, type StoredEvent } from './cursor.js';
import { listSegments } from './segments.js';
import { findFramedLine } from './tail.js';

export { startCursor, type Cursor, type Damage, type StoredEvent } from './cursor.js';

export interface ScanOptions {
  readonly fs: FileLayer;
  readonly from?: Cursor;
  /** Keep the valid prefix on damage before the tail instead of throwing. */
  readonly salvage?: boolean;
  /** Receives the cursor as it advances; read it after the scan for the end position. */
  readonly cursor?: Cursor;
  onDamage?(damage: Damage): void;
}

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
