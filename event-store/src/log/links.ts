import { GENESIS_HASH, chainHash } from '@tickfold/core';
import type { FileLayer } from '../fileLayer.js';
import { segmentPath } from '../layout.js';
import { logError } from '../errors.js';
import { isFramed, lineCanonical, lineHash } from './line.js';
import { REPAIR as FIX } from './checkLine.js';

interface Edge {
  readonly seq: number;
  readonly hash: string;
  readonly canonical: string;
  readonly offset: number;
}


function readAt(fs: FileLayer, fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  const n = fs.read(fd, buf, 0, length, position);
  return buf.subarray(0, n);
}

function edge(buf: Buffer, start: number, end: number, name: string, offset: number, seqHint: number): Edge {
  const at = { segment: name, offset, seq: seqHint };
  if (!isFramed(buf, start, end)) throw logError('E_LOG_FRAME', at, 'the line is not a framed event line', FIX);
  const canonical = lineCanonical(buf, start, end);
  let seq: unknown;
  try {
    seq = (JSON.parse(canonical) as { seq?: unknown }).seq;
  } catch (e) {
    throw logError('E_LOG_JSON', at, `the event is not valid JSON (${(e as Error).message})`, FIX);
  }
  return { seq: seq as number, hash: lineHash(buf, start), canonical, offset };
}

/** First and (unless `firstOnly`) last line of a segment, reading only its two ends. */
function edges(fs: FileLayer, path: string, name: string, seqHint: number, firstOnly: boolean): { first: Edge; last: Edge | null } {
  const size = fs.size(path);
  const fd = fs.openRead(path);
  try {
    let window = Math.min(size, 1 << 16);
    let head = readAt(fs, fd, 0, window);
    while (head.indexOf(0x0a) === -1 && window < size) head = readAt(fs, fd, 0, (window = Math.min(size, window * 4)));
    const nl = head.indexOf(0x0a);
    if (nl === -1) throw logError('E_LOG_FRAME', { segment: name, offset: 0, seq: seqHint }, 'the segment holds no complete line', FIX);
    const first = edge(head, 0, nl, name, 0, seqHint);
    if (firstOnly) return { first, last: null };
    window = Math.min(size, 1 << 16);
    for (;;) {
      const tail = readAt(fs, fd, size - window, window);
      if (tail[tail.length - 1] !== 0x0a) {
        throw logError('E_LOG_FRAME', { segment: name, offset: size, seq: NaN }, 'a segment before the last does not end with a complete line', FIX);
      }
      const start = tail.lastIndexOf(0x0a, tail.length - 2) + 1;
      if (start > 0 || window === size) return { first, last: edge(tail, start, tail.length - 1, name, size - window + start, NaN) };
      window = Math.min(size, window * 4);
    }
  } finally {
    fs.close(fd);
  }
}

/**
 * Checks the joints between segments 1…`upTo` by reading only their ends: each segment's first
 * line must continue the seq and hash chain of the previous segment's last line (seq 1 from the
 * genesis hash). Catches missing, reordered, duplicated and truncated segments before a snapshot
 * in O(segments); damage inside a segment before a snapshot is found by verifyRun.
 */
export function checkSegmentLinks(dir: string, fs: FileLayer, names: readonly string[], upTo: number): void {
  let prev: Edge | null = null;
  for (let i = 0; i < upTo; i++) {
    const name = names[i]!;
    // The last segment checked holds the snapshot's line; its end is the live tail, scanned later.
    const { first, last } = edges(fs, segmentPath(dir, name), name, (prev?.seq ?? 0) + 1, i === upTo - 1);
    const want = (prev?.seq ?? 0) + 1;
    const at = { segment: name, offset: 0, seq: want };
    if (first.seq !== want) throw logError('E_LOG_SEQ', at, `expected seq ${want} but the segment starts with seq ${String(first.seq)} (a missing, reordered or duplicated segment)`, FIX);
    if (chainHash(prev?.hash ?? GENESIS_HASH, first.canonical) !== first.hash) {
      throw logError('E_LOG_HASH_MISMATCH', at, 'the segment does not chain from the end of the one before: the log was changed after it was written', FIX);
    }
    prev = last;
  }
}

/** seq of the last complete line of the log, read from the end of the last segment; NaN when it is torn or empty. */
export function lastSeq(dir: string, fs: FileLayer, names: readonly string[]): number {
  const name = names.at(-1);
  if (!name) return 0;
  try {
    return edges(fs, segmentPath(dir, name), name, NaN, false).last!.seq;
  } catch {
    return NaN;
  }
}
