import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, type State } from '@tickfold/core';
import { MAX_SPAN_SHARE, splitAt, type Anchor, type SpanSplit } from './spans.js';

// Ten segments of 100 bytes before the last: an anchor's byte is (segment - 1) * 100 + offset.
const SIZES = new Array<number>(10).fill(100);
const anchorAt = (byte: number, seq = byte): Anchor => ({
  name: `${seq}.json`,
  seq,
  tick: seq,
  at: { segment: Math.floor(byte / 100) + 1, offset: byte % 100, line: 1, seq, head: GENESIS_HASH, day: null },
  state: {} as State,
});
const bytesOf = (split: SpanSplit | null): number[] | null => split?.stops.map((a) => (a.at.segment - 1) * 100 + a.at.offset) ?? null;

describe('where a position split falls', () => {
  it("on two threads, the pieces between snapshots shared out so the busier thread has the least, the other's start counted in: a thread may read several parts", () => {
    // Pieces of 300, 180, 140, 370 and 10 bytes; the other thread's start counts as 20 (2 % of the log).
    const split = splitAt([300, 480, 620, 990].map((b) => anchorAt(b)), SIZES, 2);
    expect(bytesOf(split)).toEqual([480, 990]);
    expect(split?.owners).toEqual([0, 1, 0]);
    expect(split?.shares).toEqual([0.49, 0.51]);
  });

  it('on two threads, in as few parts as the best share allows', () => {
    const split = splitAt([400, 500, 600].map((b) => anchorAt(b)), SIZES, 2);
    expect(bytesOf(split)).toEqual([500]);
    expect(split?.owners).toEqual([0, 1]);
  });

  it('at the snapshots nearest equal shares on more threads, in order', () => {
    const split = splitAt([240, 260, 510, 730, 760].map((b) => anchorAt(b)), SIZES, 4);
    expect(bytesOf(split)).toEqual([240, 510, 760]);
    expect(split?.owners).toEqual([0, 1, 2, 3]);
  });

  it(`nowhere when every split leaves a thread more than ${MAX_SPAN_SHARE * 100} % of the bytes (the symbol split is faster then)`, () => {
    expect(splitAt([anchorAt(200), anchorAt(950)], SIZES, 2)).toBeNull();
    expect(bytesOf(splitAt([anchorAt(310)], SIZES, 2))).toEqual([310]);
    expect(splitAt([], SIZES, 4)).toBeNull();
  });

  it('on fewer threads when more would not make the largest part smaller', () => {
    expect(bytesOf(splitAt([anchorAt(500)], SIZES, 4))).toEqual([500]);
  });

  it('never at a snapshot in the last segment, at genesis or at the end of the part read on threads', () => {
    const past = { ...anchorAt(500), at: { ...anchorAt(500).at, segment: 11, offset: 10 } };
    expect(splitAt([past, anchorAt(0), anchorAt(1000)], SIZES, 2)).toBeNull();
  });
});
