import type { ChunkSource } from '../csv/records.js';

/**
 * The text as a byte source cut at the given sizes (then the rest), each chunk written over the
 * last in one reused buffer as fileChunks does: a reader that kept a chunk past the next call
 * would read the next chunk's bytes.
 */
export const chunked = (text: string, sizes: readonly number[]): ChunkSource => {
  const bytes = Buffer.from(text, 'utf8');
  const scratch = Buffer.alloc(bytes.length);
  let at = 0;
  let i = 0;
  return () => {
    if (at >= bytes.length) return undefined;
    const n = bytes.copy(scratch, 0, at, Math.min(bytes.length, at + Math.max(1, sizes[i++] ?? bytes.length)));
    at += n;
    return scratch.subarray(0, n);
  };
};
