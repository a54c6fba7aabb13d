import { sha256Hex } from '@tickfold/core';

/**
 * One line per event: `{"h":"<64 hex>","e":<canonical event bytes>}\n`. The hash sits at a fixed
 * offset so a reader slices out the stored canonical bytes and hashes them as they are.
 */
export const LINE_HEAD = '{"h":"';
export const LINE_MID = '","e":';
export const HASH_AT = LINE_HEAD.length; // 6
export const EVENT_AT = HASH_AT + 64 + LINE_MID.length; // 76
/** Shortest possible line without its newline: head, hash, mid, `{}` and the closing brace. */
export const MIN_LINE_BYTES = EVENT_AT + 3;

const NEWLINE = 0x0a;
const CLOSE = 0x7d; // }
const HEAD_BYTES = Buffer.from(LINE_HEAD, 'latin1');
const MID_BYTES = Buffer.from(LINE_MID, 'latin1');

/** Bytes a line can need at most (UTF-8 worst case), to size a write buffer before encoding. */
export const maxLineBytes = (canonical: string): number => EVENT_AT + canonical.length * 3 + 2;

/**
 * Writes a line's head, `{"h":"<hash>","e":`, at `at`: one write, not three (each Buffer#write
 * call costs more than building the 76-byte string).
 */
const writeHead = (buf: Buffer, at: number, hash: string): number => buf.write(LINE_HEAD + hash + LINE_MID, at, EVENT_AT, 'latin1');

/** Encodes a line into `buf` at `at`; returns the offset after its newline. */
export function encodeLine(buf: Buffer, at: number, hash: string, canonical: string): number {
  let o = at + writeHead(buf, at, hash);
  o += buf.write(canonical, o, 'utf8');
  buf[o++] = CLOSE;
  buf[o++] = NEWLINE;
  return o;
}

/**
 * Makes the line whose canonical bytes already sit at buf[at + EVENT_AT, end), chained from
 * `previous`, and returns its hash. The bytes are hashed where they are: the 64 bytes before them
 * hold `previous` while they are hashed (previous ‖ bytes is what core's `chainHash` hashes), then
 * the line's head is written over those, and `}\n` after them. The writer thread's path.
 */
export function encodeChainedLineInPlace(buf: Buffer, at: number, end: number, previous: string): string {
  const bytesAt = at + EVENT_AT;
  buf.write(previous, bytesAt - 64, 64, 'latin1');
  // A plain view: cheaper to make, and to hash, than a Buffer's subarray.
  const hash = sha256Hex(new Uint8Array(buf.buffer, buf.byteOffset + bytesAt - 64, end - bytesAt + 64));
  writeHead(buf, at, hash);
  buf[end] = CLOSE;
  buf[end + 1] = NEWLINE;
  return hash;
}

/**
 * The frame check of the read path: every fixed byte of the line (`{"h":"`, `","e":`, `{` and the
 * closing `}`), so with the hash covering the event bytes and the chain covering the hash, no
 * byte of a line is outside a check. A non-hex hash fails the chain comparison, so the full
 * `isFramed` is needed only to classify damage.
 */
export function hasFrame(buf: Buffer, start: number, end: number): boolean {
  if (end - start < MIN_LINE_BYTES || buf[start + EVENT_AT] !== 0x7b || buf[end - 1] !== CLOSE) return false;
  for (let i = 0; i < HASH_AT; i++) if (buf[start + i] !== HEAD_BYTES[i]) return false;
  const mid = start + HASH_AT + 64;
  for (let i = 0; i < MID_BYTES.length; i++) if (buf[mid + i] !== MID_BYTES[i]) return false;
  return true;
}

const isHex = (buf: Buffer, from: number, to: number): boolean => {
  for (let i = from; i < to; i++) {
    const c = buf[i]!;
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
};

/** Whether buf[start, end) (no newline) has the frame of a line: head, 64 hex, mid, closing brace. */
export function isFramed(buf: Buffer, start: number, end: number): boolean {
  return (
    end - start >= MIN_LINE_BYTES &&
    buf.compare(HEAD_BYTES, 0, HEAD_BYTES.length, start, start + HASH_AT) === 0 &&
    isHex(buf, start + HASH_AT, start + HASH_AT + 64) &&
    buf.compare(MID_BYTES, 0, MID_BYTES.length, start + HASH_AT + 64, start + EVENT_AT) === 0 &&
    buf[start + EVENT_AT] === 0x7b &&
    buf[end - 1] === CLOSE
  );
}

export const lineHash = (buf: Buffer, start: number): string => buf.toString('latin1', start + HASH_AT, start + HASH_AT + 64);
export const lineCanonical = (buf: Buffer, start: number, end: number): string => buf.toString('utf8', start + EVENT_AT, end - 1);
