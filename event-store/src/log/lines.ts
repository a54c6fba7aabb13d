import type { FileLayer } from '../fileLayer.js';

const CHUNK_BYTES = 1 << 20;

/** One line as the scanner hands it out; the object and its buffer are reused, so read it before the next step. */
export interface Line {
  /** Holds the line at `[start, end)`, the newline excluded. */
  buf: Buffer;
  start: number;
  end: number;
  /** File offset of `buf[start]`. */
  at: number;
  /** False for trailing bytes with no newline after them: a torn last write. */
  complete: boolean;
}

/**
 * The store's one buffered newline scanner: reads an open file from `offset` in 1 MiB chunks (a
 * longer line grows the buffer) and yields every line, then the bytes after the last newline, if
 * any, as an incomplete line. Users: `scanLog` (log/scan.ts) and `findFramedLine` (log/tail.ts).
 */
export function* readLines(fs: FileLayer, fd: number, offset: number): Generator<Line, void, undefined> {
  let buf = Buffer.allocUnsafe(CHUNK_BYTES);
  const line: Line = { buf, start: 0, end: 0, at: offset, complete: true };
  let filePos = offset; // file offset of buf[0]
  let len = 0;
  while (true) {
    if (len === buf.length) {
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, len);
      line.buf = buf = bigger;
    }
    const n = fs.read(fd, buf, len, buf.length - len, filePos + len);
    len += n;
    let start = 0;
    let nl = buf.indexOf(0x0a, start);
    while (nl !== -1 && nl < len) {
      line.start = start;
      line.end = nl;
      line.at = filePos + start;
      yield line;
      start = nl + 1;
      nl = buf.indexOf(0x0a, start);
    }
    if (n === 0) {
      if (start < len) {
        Object.assign(line, { start, end: len, at: filePos + start, complete: false });
        yield line;
      }
      return;
    }
    buf.copy(buf, 0, start, len);
    len -= start;
    filePos += start;
  }
}
