import { sha256Hex } from '@tickfold/core';

/**
 * chainHash(previous, canonical) computed from the line's stored bytes: the same bytes core's
 * `chainHash` hashes (previous hex ‖ UTF-8 of the event), without building or encoding a string.
 */
export class LineHasher {
  private scratch = Buffer.allocUnsafe(1 << 16);

  hash(previous: string, buf: Buffer, from: number, to: number): string {
    const need = 64 + (to - from);
    if (need > this.scratch.length) this.scratch = Buffer.allocUnsafe(need * 2);
    this.scratch.write(previous, 0, 64, 'latin1');
    buf.copy(this.scratch, 64, from, to);
    return sha256Hex(this.scratch.subarray(0, need));
  }
}
