import { isValidEvent, sha256Hex, type TickfoldEvent } from '@tickfold/core';
import { isAscii } from 'node:buffer';
import type { StoredEvent } from './cursor.js';
import { EVENT_AT, HASH_AT, hasFrame, lineCanonical, lineHash } from './line.js';

/** Lines checked together, at most this many. */
export const BATCH_LINES = 128;

/**
 * Lines of one buffer checked together, stage by stage: every frame, stored hash and JSON
 * first, then every seq and chain hash, then every schema. The same checks as `checkLine`,
 * which does them line by line; run in stages they cost ~10 % less (each stage's code stays hot
 * for 128 lines instead of taking turns with the others on every line).
 *
 * `check` only says whether every line passes (the buffer is never changed): on any failure
 * the caller checks the same lines one by one with `checkLine`, so damage is reported exactly as
 * one line at a time finds it.
 */
export class LineBatch {
  count = 0;
  readonly starts = new Int32Array(BATCH_LINES);
  readonly ends = new Int32Array(BATCH_LINES);
  readonly seqs = new Float64Array(BATCH_LINES);
  /** Where in the buffer the line starts whose stored hash each line chains from; -1: from `heads`. */
  private readonly befores = new Int32Array(BATCH_LINES);
  private readonly heads: string[] = new Array<string>(BATCH_LINES).fill('');
  /** The lines copied for hashing (see `chains`). */
  private copy = Buffer.allocUnsafe(1 << 20);
  /** After a `check` that passed: each line's event, its stored bytes as a string, and its stored hash. */
  readonly events: TickfoldEvent[] = new Array<TickfoldEvent>(BATCH_LINES);
  readonly canonicals: string[] = new Array<string>(BATCH_LINES).fill('');
  readonly hashes: string[] = new Array<string>(BATCH_LINES).fill('');

  get full(): boolean {
    return this.count === BATCH_LINES;
  }

  /**
   * Adds the line buf[start, end) (no newline), which must hold `seq` and chain from `before`:
   * a hash, or where in the buffer the line starts whose stored hash it chains from (a line
   * before this one).
   */
  add(start: number, end: number, seq: number, before: string | number): void {
    const k = this.count++;
    this.starts[k] = start;
    this.ends[k] = end;
    this.seqs[k] = seq;
    if (typeof before === 'number') this.befores[k] = before;
    else {
      this.befores[k] = -1;
      this.heads[k] = before;
    }
  }

  clear(): void {
    this.count = 0;
  }

  /** Whether every line passes frame, JSON, seq, chain and schema (see `checkLine`). */
  check(buf: Buffer): boolean {
    const { count, starts, ends, events, canonicals, hashes } = this;
    if (count === 0) return true;
    for (let k = 0; k < count; k++) if (!hasFrame(buf, starts[k]!, ends[k]!)) return false;
    this.strings(buf);
    for (let k = 0; k < count; k++) {
      try {
        events[k] = JSON.parse(canonicals[k]!) as TickfoldEvent;
      } catch {
        return false;
      }
      if (events[k]?.seq !== this.seqs[k]) return false;
    }
    if (!this.chains(buf)) return false;
    for (let k = 0; k < count; k++) {
      if (!isValidEvent(events[k])) return false;
    }
    return true;
  }

  /**
   * Each line's stored hash and event bytes as strings. ASCII bytes (canonical JSON of ASCII
   * data, all a log usually holds) read the same as latin1 and as UTF-8, so the lines are read
   * as one string and each is a slice of it: ~0.15 µs a line less than two strings a line,
   * and JSON.parse reads a slice in place. Other bytes are read line by line as UTF-8.
   */
  private strings(buf: Buffer): void {
    const { count, starts, ends, canonicals, hashes } = this;
    const from = starts[0]!;
    const to = ends[count - 1]!;
    if (isAscii(new Uint8Array(buf.buffer, buf.byteOffset + from, to - from))) {
      const text = buf.toString('latin1', from, to);
      for (let k = 0; k < count; k++) {
        const at = starts[k]! - from;
        hashes[k] = text.slice(at + HASH_AT, at + HASH_AT + 64);
        canonicals[k] = text.slice(at + EVENT_AT, ends[k]! - from - 1);
      }
      return;
    }
    for (let k = 0; k < count; k++) {
      hashes[k] = lineHash(buf, starts[k]!);
      canonicals[k] = lineCanonical(buf, starts[k]!, ends[k]!);
    }
  }

  /**
   * Whether every line chains from its `before`: core's chainHash (the previous hash's hex, then
   * the event's bytes) of each, which is one run of bytes once the 64 bytes ahead of the event
   * (the line's own stored hash and `","e":`) hold the hash it chains from. The lines are copied
   * once, and each line's previous hash copied into its copy in place: one native copy for the
   * batch and one for each line, instead of borrowing the 64 bytes in the caller's buffer and
   * giving them back byte by byte (~0.25 µs a line less). The last line goes first: the bytes a
   * line's hash is copied over are never where an earlier line's previous hash is read.
   */
  private chains(buf: Buffer): boolean {
    const { count, starts, ends, befores, heads, hashes } = this;
    let from = starts[0]!;
    for (let k = 0; k < count; k++) if (befores[k]! >= 0 && befores[k]! < from) from = befores[k]!;
    const to = ends[count - 1]!;
    if (this.copy.length < to - from) this.copy = Buffer.allocUnsafe(2 ** Math.ceil(Math.log2(to - from)));
    const copy = this.copy;
    buf.copy(copy, 0, from, to);
    for (let k = count - 1; k >= 0; k--) {
      const at = starts[k]! - from + EVENT_AT - 64;
      const before = befores[k]!;
      if (before >= 0) copy.copyWithin(at, before - from + HASH_AT, before - from + HASH_AT + 64);
      else copy.write(heads[k]!, at, 64, 'latin1');
      // A plain view costs less than a Buffer's subarray, and so does hashing it (~0.1 µs a line).
      if (sha256Hex(new Uint8Array(copy.buffer, copy.byteOffset + at, ends[k]! - from - 1 - at)) !== hashes[k]) return false;
    }
    return true;
  }

  /** Line `k` of a batch that passed, as `checkLine` returns it. */
  stored(k: number, segment: string, offset: number, line: number): StoredEvent {
    return { event: this.events[k]!, canonical: this.canonicals[k]!, hash: this.hashes[k]!, segment, offset, line };
  }
}
