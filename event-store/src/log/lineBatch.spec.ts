import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GENESIS_HASH, chainHash } from '@tickfold/core';
import { referenceSession } from '../test-support/session.js';
import { checkLine } from './checkLine.js';
import { startCursor } from './cursor.js';
import { encodeLine, maxLineBytes } from './line.js';
import { BATCH_LINES, LineBatch } from './lineBatch.js';

const { records } = await referenceSession(5, 12, ['AAA', 'BBB']);

/** The first `n` lines of the session as the log holds them, and where each starts and ends. */
function logBytes(n: number): { buf: Buffer; starts: number[]; ends: number[] } {
  const buf = Buffer.alloc(records.slice(0, n).reduce((sum, r) => sum + maxLineBytes(r.canonical), 0));
  const starts: number[] = [];
  const ends: number[] = [];
  let at = 0;
  for (const r of records.slice(0, n)) {
    starts.push(at);
    at = encodeLine(buf, at, r.hash, r.canonical);
    ends.push(at - 1);
  }
  return { buf: buf.subarray(0, at), starts, ends };
}

/** Whether every line passes checkLine, one after the other, from genesis. */
function oneByOne(buf: Buffer, starts: number[], ends: number[]): boolean {
  const cur = startCursor();
  return starts.every((start, k) => !(checkLine(buf, start, ends[k]!, '000001.jsonl', start, cur) instanceof Error));
}

describe('checking lines as a batch', () => {
  it('passes exactly the lines that pass one by one, and leaves the bytes as they were', () => {
    const n = Math.min(records.length, BATCH_LINES);
    fc.assert(
      fc.property(fc.nat(n - 1), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean(), (line, at, byte, damage) => {
        const { buf, starts, ends } = logBytes(n);
        if (damage) buf[starts[line]! + (at % (ends[line]! - starts[line]!))] = byte;
        const before = Buffer.from(buf);
        const batch = new LineBatch();
        starts.forEach((start, k) => batch.add(start, ends[k]!, k + 1, k === 0 ? GENESIS_HASH : starts[k - 1]!));
        const passed = batch.check(buf);
        expect(passed).toBe(oneByOne(Buffer.from(before), starts, ends));
        if (passed) {
          expect(batch.events.slice(0, n)).toEqual(records.slice(0, n).map((r) => r.event));
          expect(batch.hashes.slice(0, n)).toEqual(records.slice(0, n).map((r) => r.hash));
          expect(batch.canonicals.slice(0, n)).toEqual(records.slice(0, n).map((r) => r.canonical));
        }
        expect(buf.equals(before)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('checks every other line, each chained from the stored hash of the line before it, which the batch does not hold (a thread of a parallel read)', () => {
    const n = Math.min(records.length, 40);
    fc.assert(
      fc.property(fc.nat(n - 1), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean(), fc.nat(1), (line, at, byte, damage, parity) => {
        const { buf, starts, ends } = logBytes(n);
        if (damage) buf[starts[line]! + (at % (ends[line]! - starts[line]!))] = byte;
        const before = Buffer.from(buf);
        const batch = new LineBatch();
        const ks = starts.map((_, k) => k).filter((k) => k % 2 === parity);
        for (const k of ks) batch.add(starts[k]!, ends[k]!, k + 1, k === 0 ? GENESIS_HASH : starts[k - 1]!);
        const cur = startCursor();
        // One by one, each of those lines from the cursor the line before leaves (read, not checked).
        const oneByOne = ks.every((k) => {
          Object.assign(cur, { seq: k, head: k === 0 ? GENESIS_HASH : buf.toString('latin1', starts[k - 1]! + 6, starts[k - 1]! + 70) });
          return !(checkLine(Buffer.from(before), starts[k]!, ends[k]!, '000001.jsonl', starts[k]!, cur) instanceof Error);
        });
        expect(batch.check(buf)).toBe(oneByOne);
        expect(buf.equals(before)).toBe(true);
        if (!damage) expect(oneByOne).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('reads lines with bytes beyond ASCII as UTF-8, as one line at a time does', () => {
    // The session's lines with a name in each Heartbeat's data spelt beyond ASCII, chained again.
    let head = GENESIS_HASH;
    const texts = records.slice(0, 40).map((r) => (r.event.type === 'Heartbeat' ? r.canonical.replace('"data":{', '"data":{"note":"Zürich ✓ 東京",') : r.canonical));
    const buf = Buffer.alloc(texts.reduce((sum, t) => sum + maxLineBytes(t), 0));
    const starts: number[] = [];
    const ends: number[] = [];
    let at = 0;
    for (const text of texts) {
      head = chainHash(head, text);
      starts.push(at);
      at = encodeLine(buf, at, head, text);
      ends.push(at - 1);
    }
    const batch = new LineBatch();
    starts.forEach((start, k) => batch.add(start, ends[k]!, k + 1, k === 0 ? GENESIS_HASH : starts[k - 1]!));
    // Frame, JSON, seq and chain pass; the schema has no place for the note.
    expect(batch.check(buf.subarray(0, at))).toBe(oneByOne(buf.subarray(0, at), starts, ends));
    expect(batch.canonicals.slice(0, texts.length)).toEqual(texts);
    expect(batch.events.slice(0, texts.length)).toEqual(texts.map((t) => JSON.parse(t)));
  });

  it('fails a line that does not hold the seq it must, or does not chain from the hash it is given', () => {
    const { buf, starts, ends } = logBytes(3);
    const wrongSeq = new LineBatch();
    wrongSeq.add(starts[0]!, ends[0]!, 2, GENESIS_HASH);
    expect(wrongSeq.check(buf)).toBe(false);
    const wrongHead = new LineBatch();
    wrongHead.add(starts[1]!, ends[1]!, 2, GENESIS_HASH);
    expect(wrongHead.check(buf)).toBe(false);
    const right = new LineBatch();
    right.add(starts[1]!, ends[1]!, 2, records[0]!.hash);
    right.add(starts[2]!, ends[2]!, 3, starts[1]!);
    expect(right.check(buf)).toBe(true);
  });
});
