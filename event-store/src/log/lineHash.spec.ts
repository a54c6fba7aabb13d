import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GENESIS_HASH, chainHash, sha256Hex } from '@tickfold/core';
import { LINE_HEAD, LINE_MID } from './line.js';
import { lineChainHash } from './lineHash.js';

/** A framed line `{"h":"<stored>","e":<canonical>}` with `before` bytes ahead of it and `after` behind. */
function framed(stored: string, canonical: string, before: number, after: number) {
  const line = Buffer.from(`${LINE_HEAD}${stored}${LINE_MID}${canonical}}`, 'utf8');
  const buf = Buffer.concat([Buffer.alloc(before, 0x20), line, Buffer.alloc(after, 0x0a)]);
  return { buf, start: before, end: before + line.length };
}

describe('hashing a stored line', () => {
  it("gives core's chainHash of the same event, read from the line's bytes at any offset", () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.nat(40), fc.nat(40), (canonical, before, after) => {
        const previous = sha256Hex(`${before}`);
        const { buf, start, end } = framed(sha256Hex(canonical), canonical, before, after);
        const asStored = Buffer.from(buf);
        expect(lineChainHash(previous, buf, start, end)).toBe(chainHash(previous, canonical));
        // The bytes it borrows as room for the previous hash are given back: the line reads as stored.
        expect(buf.equals(asStored)).toBe(true);
      }),
      { numRuns: 500 },
    );
    const big = 'x'.repeat(70_000);
    const { buf, start, end } = framed(GENESIS_HASH, big, 3, 0);
    expect(lineChainHash(GENESIS_HASH, buf, start, end)).toBe(chainHash(GENESIS_HASH, big));
  });
});
