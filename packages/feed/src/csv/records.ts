import { closeSync, openSync, readSync } from 'node:fs';
import { Parser } from 'csv-parse';
import { TickfoldError } from '@tickfold/core';
import type { BytesRowReader } from './bytesRow.js';
import type { RowValues } from './row.js';

/** One CSV record and the 1-based line it ends on. */
export interface CsvRecord {
  readonly fields: string[];
  readonly line: number;
}

/** A source of raw bytes, read in order; undefined at the end. `close`, when it has one, lets go of what it holds (a file) before the end. */
export type ChunkSource = (() => Buffer | undefined) & { readonly close?: () => void };

/** csv-parse's incremental, synchronous core, which its stream Parser drives (`parser.api`). */
interface IncrementalParser {
  parse(chunk: Buffer | undefined, end: boolean, push: (record: string[]) => void, close: () => void): Error | undefined;
  /** Running counts; `lines` is the line a record ends on while it is pushed. */
  readonly info: { readonly lines: number };
}

const CHUNK_BYTES = 1 << 16;
const QUOTE = 0x22;
const NEWLINE = 0x0a;
const CR = 0x0d;
const EMPTY = Buffer.alloc(0);

/**
 * The bytes of a file, one chunk at a time, synchronously; the descriptor closes at the end.
 * Every chunk is read into the same buffer, so a chunk is valid until the next call: a fresh
 * buffer per chunk is memory outside the JS heap that only a garbage collection gives back, and a
 * reader that makes little garbage (the byte reader) collects rarely, so those buffers piled up
 * (135 against 89 MB peak RSS for a 1M-row against a 100k-row file, feed alone).
 */
export function fileChunks(path: string): ChunkSource {
  let fd: number | undefined = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(CHUNK_BYTES);
  const close = () => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  };
  const next = () => {
    if (fd === undefined) return undefined;
    const n = readSync(fd, buf, 0, CHUNK_BYTES, null);
    if (n > 0) return buf.subarray(0, n);
    close();
    return undefined;
  };
  return Object.assign(next, { close });
}

/** 1-based line of the byte at `offset` of a byte source. */
function lineAtByte(source: ChunkSource, offset: number): number {
  let line = 1;
  let seen = 0;
  for (let chunk = source(); chunk && seen < offset; chunk = source()) {
    const end = Math.min(chunk.length, offset - seen);
    for (let i = 0; i < end; i++) if (chunk[i] === NEWLINE) line++;
    seen += chunk.length;
  }
  source.close?.();
  return line;
}

/** csv-parse over the rest of a source, its lines counted on from `lineOffset`. */
function csvParseRecords(source: ChunkSource, file: string, reread: () => ChunkSource, lineOffset: number, byteOffset: number): () => CsvRecord | undefined {
  const parser = (new Parser({ bom: true, skip_empty_lines: true, relax_column_count: true }) as unknown as { api: IncrementalParser }).api;
  let queue: CsvRecord[] = [];
  let head = 0;
  let ended = false;
  // Not `info: true`: it builds an info object per record; the running count is all we need.
  const push = (record: string[]) => { queue.push({ fields: record, line: lineOffset + parser.info.lines }); };
  const fail = (e: Error): never => {
    const err = e as Error & { code?: unknown; lines?: unknown; bytes?: unknown };
    // An unclosed quote swallows the rest of the file, so the parser's line is the last one;
    // its byte offset (BOM included) still points into the line the quote opened on.
    if (err.code === 'CSV_QUOTE_NOT_CLOSED' && typeof err.bytes === 'number') {
      const line = lineAtByte(reread(), byteOffset + err.bytes);
      throw new TickfoldError('E_CSV_PARSE', `${file}:${line}: a quoted field opened on line ${line} is never closed, so the rest of the file was read as one field. Close or remove that quote.`, { file, line });
    }
    const line = lineOffset + (typeof err.lines === 'number' ? err.lines : 0);
    throw new TickfoldError('E_CSV_PARSE', `${file}:${line}: ${err.message}. Check the quoting on that line.`, { file, line });
  };
  return () => {
    while (head >= queue.length) {
      if (ended) return undefined;
      queue = [];
      head = 0;
      const chunk = source();
      if (chunk === undefined) ended = true;
      const err = parser.parse(chunk, ended, push, () => {});
      if (err !== undefined) fail(err);
    }
    return queue[head++];
  };
}

/**
 * The lines of a CSV source, streamed a chunk at a time, so memory holds one chunk however long
 * the file; synchronous, because a historical feed's clock (`timeOf`) is. `next()` moves to the
 * next record. While no quote has been seen a record is one non-empty line, handed out as bytes
 * [start, end) of `buf` (its line ending cut off), valid until the next call: nothing is decoded
 * or allocated per line. From the first chunk holding a quote on, csv-parse reads the rest and
 * each record comes as `fields`. Broken quoting throws E_CSV_PARSE with its line.
 *
 * @example const lines = new CsvLines(fileChunks('orcl.csv'), 'orcl.csv', () => fileChunks('orcl.csv')); while (lines.next()) lines.line
 */
export class CsvLines {
  /** The 1-based line the current record ends on. */
  line = 0;
  /** The current record's fields when csv-parse read it; undefined when it is the bytes below. */
  fields: string[] | undefined;
  buf: Buffer = EMPTY;
  start = 0;
  end = 0;

  private data: Buffer = EMPTY; // unsplit bytes from `pos` on: the start of `own`
  private own: Buffer = EMPTY; // the unsplit rest and the chunk after it, copied from the source
  private pos = 0;
  private consumed = 0; // bytes of the source before data[0]
  private first = true;
  private ended = false;
  private slow: (() => CsvRecord | undefined) | undefined;

  constructor(
    private readonly source: ChunkSource,
    private readonly file: string,
    private readonly reread: () => ChunkSource,
  ) {}

  next(): boolean {
    for (;;) {
      if (this.slow) {
        const record = this.slow();
        if (record === undefined) return false;
        this.fields = record.fields;
        this.line = record.line;
        return true;
      }
      const data = this.data;
      const from = this.pos;
      let nl = data.indexOf(NEWLINE, from);
      if (nl === -1) {
        if (!this.ended) {
          this.fill();
          continue;
        }
        if (from >= data.length) return false;
        nl = data.length; // the last line, without a line ending
      }
      this.line++;
      this.pos = nl + 1;
      const stop = nl > from && data[nl - 1] === CR ? nl - 1 : nl;
      if (stop > from) {
        this.buf = data;
        this.start = from;
        this.end = stop;
        return true;
      }
    }
  }

  /** Stops reading: the source lets go of its file now rather than at its end. */
  close(): void {
    this.source.close?.();
  }

  /**
   * Moves to the next line and reads it into `out` in the same pass when `reader` takes it and it
   * lies whole in the buffer; otherwise moves nothing and is false, and `next()` takes that line.
   */
  nextRead(reader: BytesRowReader, out: RowValues): boolean {
    if (this.slow) return false;
    const data = this.data;
    const lf = reader.readLine(data, this.pos, data.length, out);
    if (lf < 0 || lf >= data.length) return false;
    this.line++;
    this.pos = lf + 1;
    return true;
  }

  /** The current record's fields as strings (a byte line split on commas, as csv-parse reads a line without quotes). */
  fieldStrings(): string[] {
    return this.fields ?? this.buf.toString('utf8', this.start, this.end).split(',');
  }

  private fill(): void {
    // The rest of the last line moves to the front of our own buffer and the chunk is copied after
    // it: a source may hand out one buffer again and again (fileChunks), and `own` is reused too.
    const rest = this.data.length - this.pos;
    this.own.copyWithin(0, this.pos, this.data.length);
    this.consumed += this.pos;
    this.pos = 0;
    const chunk = this.source();
    if (chunk === undefined) {
      this.ended = true;
    } else {
      if (rest + chunk.length > this.own.length) {
        const grown = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, 2 * (rest + chunk.length)));
        this.own.copy(grown, 0, 0, rest);
        this.own = grown;
      }
      chunk.copy(this.own, rest);
    }
    const data = (this.data = this.own.subarray(0, rest + (chunk?.length ?? 0)));
    if (this.first) {
      if (data.length < 3 && !this.ended) return; // a BOM may be cut across chunks
      this.first = false;
      if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) this.pos = 3;
    }
    if (chunk !== undefined && data.includes(QUOTE, this.pos)) {
      // Quoted fields may span lines: csv-parse takes over from the start of this unsplit text.
      // csv-parse keeps a view of bytes it has not consumed yet (its previousBuf) until the next
      // chunk comes, so it gets copies that the next read cannot write over.
      const pending: Buffer[] = [Buffer.from(data.subarray(this.pos))];
      const copied = () => {
        const next = this.source();
        return next && Buffer.from(next);
      };
      this.slow = csvParseRecords(() => pending.shift() ?? copied(), this.file, this.reread, this.line, this.consumed + this.pos);
    }
  }
}
