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
 * longer line grows the buffer); each `next()` moves to the next line, then to the bytes after
 * the last newline, if any, as an incomplete line, and returns false at the end. A pull loop,
 * not a generator: the read path calls it for every line of the log, where resuming a generator
 * and destructuring what it yields cost more than finding the newline (~0.2 µs a line).
 * Users: `readLines` (log/tail.ts), `scanLog` (log/scan.ts), the parallel read (log/parts.ts).
 */
export class LineReader implements Line {
  buf: Buffer;
  start = 0;
  end = 0;
  at: number;
  complete = true;
  /** Where the line before this one starts in `buf` (-1 before the second line): kept across refills. */
  prevStart = -1;
  /** File offset of buf[0]. */
  private filePos: number;
  /** Bytes read into buf. */
  private len = 0;
  /** Where the next line starts in buf. */
  private from = 0;
  private eof = false;
  /** Whether a line was handed out: it is kept in `buf` on a refill. */
  private handed = false;

  /**
   * `room`: a buffer to read into, such as the last reader's `buf` once its file is done (a
   * fresh megabyte per segment costs its page faults again on every segment of a long log).
   */
  constructor(
    private readonly fs: FileLayer,
    private readonly fd: number,
    offset: number,
    room?: Buffer,
  ) {
    this.buf = room ?? Buffer.allocUnsafe(CHUNK_BYTES);
    this.at = offset;
    this.filePos = offset;
  }

  next(): boolean {
    for (;;) {
      if (this.take()) return true;
      if (this.eof) {
        if (this.from >= this.len) return false;
        this.prevStart = this.handed ? this.start : -1;
        this.start = this.from;
        this.end = this.len;
        this.at = this.filePos + this.from;
        this.complete = false;
        this.from = this.len;
        return true;
      }
      this.fill();
    }
  }

  /**
   * Moves to the next line only if it is complete in `buf` already, never reading: the lines a
   * caller takes this way after a `next()` all stay in `buf` together, to be checked as a batch.
   */
  take(): boolean {
    const nl = this.buf.indexOf(0x0a, this.from);
    if (nl === -1 || nl >= this.len) return false;
    this.prevStart = this.handed ? this.start : -1;
    this.handed = true;
    this.start = this.from;
    this.end = nl;
    this.at = this.filePos + this.from;
    this.from = nl + 1;
    return true;
  }

  /**
   * Moves the current line and the unread bytes after it to the front and reads after them (a
   * line longer than the buffer doubles it). The current line stays so that it can be read as
   * the line before the next one.
   */
  private fill(): void {
    const keep = this.handed ? this.start : this.from;
    if (keep > 0) this.buf.copy(this.buf, 0, keep, this.len);
    else if (this.len === this.buf.length) {
      const bigger = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(bigger, 0, 0, this.len);
      this.buf = bigger;
    }
    this.filePos += keep;
    this.len -= keep;
    this.from -= keep;
    this.start -= keep;
    this.end -= keep;
    const n = this.fs.read(this.fd, this.buf, this.len, this.buf.length - this.len, this.filePos + this.len);
    this.len += n;
    if (n === 0) this.eof = true;
  }
}

/** Every line of an open file from `offset`, as `LineReader` moves through them (for loops off the hot path). */
export function* readLines(fs: FileLayer, fd: number, offset: number): Generator<Line, void, undefined> {
  const reader = new LineReader(fs, fd, offset);
  while (reader.next()) yield reader;
}
