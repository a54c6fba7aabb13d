import { isValidEvent, type TickfoldEvent } from '@tickfold/core';
import type { StoredEvent } from './cursor.js';
import { hasFrame, lineCanonical, lineHash } from './line.js';
import { lineChainHash } from './lineHash.js';

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
  /** The hash each line chains from; null: the stored hash of the line added before it. */
  readonly previous: (string | null)[] = new Array<string | null>(BATCH_LINES).fill(null);
  /** After a `check` that passed: each line's event, its stored bytes as a string, and its stored hash. */
  readonly events: TickfoldEvent[] = new Array<TickfoldEvent>(BATCH_LINES);
  readonly canonicals: string[] = new Array<string>(BATCH_LINES).fill('');
  readonly hashes: string[] = new Array<string>(BATCH_LINES).fill('');

  get full(): boolean {
    return this.count === BATCH_LINES;
  }

  /** Adds the line buf[start, end) (no newline), which must hold `seq` and chain from `previous`. */
  add(start: number, end: number, seq: number, previous: string | null): void {
    const k = this.count++;
    this.starts[k] = start;
    this.ends[k] = end;
    this.seqs[k] = seq;
    this.previous[k] = previous;
  }

  clear(): void {
    this.count = 0;
  }

  /** Whether every line passes frame, JSON, seq, chain and schema (see `checkLine`). */
  check(buf: Buffer): boolean {
    const { count, starts, ends, events, canonicals, hashes } = this;
    for (let k = 0; k < count; k++) {
      const start = starts[k]!;
      const end = ends[k]!;
      if (!hasFrame(buf, start, end)) return false;
      hashes[k] = lineHash(buf, start);
      canonicals[k] = lineCanonical(buf, start, end);
    }
    for (let k = 0; k < count; k++) {
      try {
        events[k] = JSON.parse(canonicals[k]!) as TickfoldEvent;
      } catch {
        return false;
      }
      if (events[k]?.seq !== this.seqs[k]) return false;
    }
    for (let k = 0; k < count; k++) {
      const previous = this.previous[k] ?? (k > 0 ? hashes[k - 1]! : null);
      if (previous === null || lineChainHash(previous, buf, starts[k]!, ends[k]!) !== hashes[k]) return false;
    }
    for (let k = 0; k < count; k++) {
      if (!isValidEvent(events[k])) return false;
    }
    return true;
  }

  /** Line `k` of a batch that passed, as `checkLine` returns it. */
  stored(k: number, segment: string, offset: number, line: number): StoredEvent {
    return { event: this.events[k]!, canonical: this.canonicals[k]!, hash: this.hashes[k]!, segment, offset, line };
  }
}
