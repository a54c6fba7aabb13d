import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GENESIS_HASH, chainHash, sha256Hex } from '@tickfold/core';
import { LineHasher } from './lineHash.js';

describe('hashing a stored line', () => {
  it("gives core's chainHash of the same event, read from the line's bytes at any offset", () => {
    const hasher = new LineHasher();
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.nat(40), fc.nat(40), (canonical, before, after) => {
        const previous = sha256Hex(`${before}`);
        const bytes = Buffer.from(canonical, 'utf8');
        const line = Buffer.concat([Buffer.alloc(before, 0x20), bytes, Buffer.alloc(after, 0x0a)]);
        expect(hasher.hash(previous, line, before, before + bytes.length)).toBe(chainHash(previous, canonical));
      }),
      { numRuns: 500 },
    );
    // Longer than the hasher's scratch buffer, so it must grow.
    const big = 'x'.repeat(70_000);
    expect(hasher.hash(GENESIS_HASH, Buffer.from(big), 0, big.length)).toBe(chainHash(GENESIS_HASH, big));
  });
});
