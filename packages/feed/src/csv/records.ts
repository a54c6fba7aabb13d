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
    for (let i = 0; i < end; i++) if (chunk[i] === 0x0a) line++;
    seen += chunk.length;
  }
  return line;
}

/**
 * Streams the records of a CSV source with csv-parse, a chunk at a time, so memory holds one
 * chunk and the records parsed from it, however long the file. Synchronous, because a
 * historical feed's clock (`timeOf`) is. Broken quoting throws E_CSV_PARSE with its line.
 *
 * @example const next = csvRecords(fileChunks('orcl.csv'), 'orcl.csv', () => fileChunks('orcl.csv')); next()?.fields
 */
export function csvRecords(source: ChunkSource, file: string, reread: () => ChunkSource): () => CsvRecord | undefined {
  // Not `info: true`: it builds an info object per record, which cost a fifth of the feed's time.
  const parser = (new Parser({ bom: true, skip_empty_lines: true, relax_column_count: true }) as unknown as { api: IncrementalParser }).api;
  let queue: CsvRecord[] = [];
  let head = 0;
  let ended = false;
  const push = (record: string[]) => { queue.push({ fields: record, line: parser.info.lines }); };
  const fail = (e: Error): never => {
    const err = e as Error & { code?: unknown; lines?: unknown; bytes?: unknown };
    // An unclosed quote swallows the rest of the file, so the parser's line is the last one;
    // its byte offset (BOM included) still points into the line the quote opened on.
    if (err.code === 'CSV_QUOTE_NOT_CLOSED' && typeof err.bytes === 'number') {
      const line = lineAtByte(reread(), err.bytes);
      throw new TickfoldError('E_CSV_PARSE', `${file}:${line}: a quoted field opened on line ${line} is never closed, so the rest of the file was read as one field. Close or remove that quote.`, { file, line });
    }
    const line = typeof err.lines === 'number' ? err.lines : 0;
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
