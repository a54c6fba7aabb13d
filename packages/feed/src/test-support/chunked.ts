import type { ChunkSource } from '../csv/records.js';

/** The text as a byte source cut at the given sizes (then the rest): how a file may arrive in chunks. */
export const chunked = (text: string, sizes: readonly number[]): ChunkSource => {
  const bytes = Buffer.from(text, 'utf8');
  let at = 0;
  let i = 0;
  return () => {
    if (at >= bytes.length) return undefined;
    const chunk = bytes.subarray(at, at + Math.max(1, sizes[i++] ?? bytes.length));
    at += chunk.length;
    return chunk;
  };
};
