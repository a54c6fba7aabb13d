import { closeSync, openSync, readSync } from 'node:fs';
import { Parser } from 'csv-parse';
import { TickfoldError } from '@tickfold/core';

/** One CSV record and the 1-based line it ends on. */
export interface CsvRecord {
  readonly fields: string[];
  readonly line: number;
}

/** A source of raw bytes, read in order; undefined at the end. */
export type ChunkSource = () => Buffer | undefined;

/** csv-parse's incremental, synchronous core, which its stream Parser drives (`parser.api`). */
interface IncrementalParser {
  parse(chunk: Buffer | undefined, end: boolean, push: (record: string[]) => void, close: () => void): Error | undefined;
  /** Running counts; `lines` is the line a record ends on while it is pushed. */
  readonly info: { readonly lines: number };
}

const CHUNK_BYTES = 1 << 16;
const QUOTE = 0x22;
const NEWLINE = 0x0a;

/**
 * The bytes of a file, one chunk at a time, synchronously; the descriptor closes at the end.
 * A fresh buffer per chunk: the parser keeps a view of an unfinished record's bytes.
 */
export function fileChunks(path: string): ChunkSource {
  let fd: number | undefined = openSync(path, 'r');
  return () => {
    if (fd === undefined) return undefined;
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    const n = readSync(fd, buf, 0, CHUNK_BYTES, null);
    if (n > 0) return buf.subarray(0, n);
    closeSync(fd);
    fd = undefined;
    return undefined;
  };
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
 * Streams the records of a CSV source a chunk at a time, so memory holds one chunk and its
 * records however long the file; synchronous, because a historical feed's clock (`timeOf`) is.
 * Lines without a quote are split on commas, which is exactly what csv-parse makes of them and
 * several times faster (`pnpm bench`: feed.csv_records_per_s_*); from the first chunk holding a
 * quote on, csv-parse reads the rest. Broken quoting throws E_CSV_PARSE with its line.
 *
 * @example const next = csvRecords(fileChunks('orcl.csv'), 'orcl.csv', () => fileChunks('orcl.csv')); next()?.fields
 */
export function csvRecords(source: ChunkSource, file: string, reread: () => ChunkSource): () => CsvRecord | undefined {
  let queue: CsvRecord[] = [];
  let head = 0;
  let line = 0;
  let bytes = 0;
  let rest: Buffer | undefined; // bytes after the last newline of the chunks split so far
  let first = true;
  let ended = false;
  let slow: (() => CsvRecord | undefined) | undefined;

  const split = (chunk: Buffer, end: number) => {
    let start = 0;
    if (first && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) start = 3; // BOM
    first = false;
    if (start === 3 && end === 3) return 3;
    for (let nl = chunk.indexOf(NEWLINE, start); nl !== -1 && nl < end; nl = chunk.indexOf(NEWLINE, start)) {
      line++;
      const stop = nl > start && chunk[nl - 1] === 0x0d ? nl - 1 : nl;
      if (stop > start) queue.push({ fields: chunk.toString('utf8', start, stop).split(','), line });
      start = nl + 1;
    }
    return start;
  };
  const fill = (): void => {
    const chunk = source();
    if (chunk === undefined) {
      ended = true;
      if (rest && first) rest = rest.subarray(split(rest, rest.length));
      if (rest && rest.length > 0) {
        const last = rest[rest.length - 1] === 0x0d ? rest.subarray(0, -1) : rest;
        line++;
        if (last.length > 0) queue.push({ fields: last.toString('utf8').split(','), line });
      }
      return;
    }
    const data = rest ? Buffer.concat([rest, chunk]) : chunk;
    if (first && data.length < 3) {
      rest = data; // a BOM may be cut across chunks
      return;
    }
    if (data.includes(QUOTE)) {
      // Quoted fields may span lines: csv-parse takes over from the start of this unsplit text.
      const pending: Buffer[] = [data];
      slow = csvParseRecords(() => pending.shift() ?? source(), file, reread, line, bytes);
      return;
    }
    const stop = split(data, data.length);
    bytes += stop;
    rest = stop < data.length ? data.subarray(stop) : undefined;
  };
  return () => {
    for (;;) {
      if (head < queue.length) return queue[head++];
      if (slow) return slow();
      if (ended) return undefined;
      queue = [];
      head = 0;
      fill();
    }
  };
}
