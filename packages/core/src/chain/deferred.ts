import type { TickfoldEvent } from '../events/index.js';
import { chainHash } from './hash.js';
import type { Chain, EventRecord } from './record.js';

/**
 * Where the hashes of records taken by a sink that hashes them elsewhere come from (the event
 * store's writer thread): the hash of the `index`-th record handed over with `attachHash`,
 * waited for if it is not computed yet. It must be `chainHash` of the record's bytes after the
 * hash before it, byte for byte.
 */
export interface HashSource {
  hashAt(index: number): string;
}

/**
 * A record whose hash is computed when first read: from the record before it (on the reader's
 * thread), or, once a sink took it with `attachHash`, by that sink. Its fields never change once
 * set. It keeps nothing it does not need: a record taken by a sink forgets the one before it, so a
 * run's records die young instead of holding each other (and their events) in memory.
 */
class DeferredRecord implements EventRecord {
  #hash: string | undefined = undefined;
  /** Until a sink takes it: the record before it, or the head hash it follows. */
  #before: DeferredRecord | string | null;
  #source: HashSource | null = null;
  #index = 0;

  constructor(
    readonly event: TickfoldEvent,
    readonly canonical: string,
    before: DeferredRecord | string,
  ) {
    this.#before = before;
  }

  get hash(): string {
    if (this.#hash === undefined) {
      const before = this.#before;
      this.#hash = this.#source !== null ? this.#source.hashAt(this.#index) : chainHash(typeof before === 'string' ? before : before!.hash, this.canonical);
      this.#before = null;
      this.#source = null;
    }
    return this.#hash;
  }

  /** Whether its hash is known, or promised by a sink. */
  get hashPromised(): boolean {
    return this.#hash !== undefined || this.#source !== null;
  }

  static attach(record: DeferredRecord, source: HashSource, index: number): void {
    if (record.#hash !== undefined) return;
    record.#source = source;
    record.#index = index;
    record.#before = null;
  }

  static hashIfKnown(record: DeferredRecord): string | undefined {
    return record.#hash;
  }
}

/**
 * Extends a hash chain without hashing: records come out with their canonical bytes, and their
 * hashes follow when a reader asks for one, or from the sink that took them (`attachHash`). The
 * engine uses it when its log writer hashes on another core; the records, head and bytes are
 * those of `chainEvents`. A batch no sink took is hashed here before the next one is made, so the
 * records waiting on each other are one batch at most.
 *
 * @example const records = deferredChain.extend(GENESIS_HASH, events, serializeEvent); records[records.length - 1]!.hash;
 */
export class DeferredChain implements Chain {
  extend(from: EventRecord | string, events: readonly TickfoldEvent[], serialize: (event: TickfoldEvent) => string): EventRecord[] {
    // Computes it (and the batch before it, if no sink took that either).
    if (from instanceof DeferredRecord && !from.hashPromised) void from.hash;
    const records: DeferredRecord[] = [];
    let before: DeferredRecord | string = from instanceof DeferredRecord ? from : typeof from === 'string' ? from : from.hash;
    for (let i = 0; i < events.length; i++) {
      const r: DeferredRecord = new DeferredRecord(events[i]!, serialize(events[i]!), before);
      // Frozen as made, like chainEvents' records; the hash lives in private fields, set once.
      Object.freeze(r);
      records.push(r);
      before = r;
    }
    return records;
  }
}

/**
 * Hands a deferred record's hash over to `source`, which gives it as its `index`-th (the event
 * store's writer thread, which hashes the same bytes). Returns false for a record whose hash is
 * computed already (an eager chain's): there is nothing to hand over.
 *
 * @example attachHash(record, slot, i)
 */
export function attachHash(record: EventRecord, source: HashSource, index: number): boolean {
  if (!(record instanceof DeferredRecord)) return false;
  DeferredRecord.attach(record, source, index);
  return true;
}

/**
 * What a batch after `record` continues, kept as cheaply as it can be: its hash, or the record
 * itself while its hash is deferred (reading it would compute it or wait for it).
 */
export const chainPoint = (record: EventRecord): EventRecord | string => {
  if (!(record instanceof DeferredRecord)) return record.hash;
  return DeferredRecord.hashIfKnown(record) ?? record;
};
