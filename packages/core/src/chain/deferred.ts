import type { TickfoldEvent } from '../events/index.js';
import { chainHash } from './hash.js';
import type { Chain, EventRecord } from './record.js';

const HEX_LENGTH = 64;

/**
 * A record whose hash is computed when first read, or settled by whoever hashed the same bytes
 * elsewhere (the event store's writer thread), whichever comes first. Its fields never change
 * once set: the hash it settles on is the one `chainHash` gives, byte for byte.
 */
class DeferredRecord implements EventRecord {
  #hash: string | undefined = undefined;

  constructor(
    readonly event: TickfoldEvent,
    readonly canonical: string,
    private readonly chain: DeferredChain,
  ) {}

  get hash(): string {
    return this.#hash ?? this.chain.resolve(this);
  }

  static settle(record: DeferredRecord, hash: string): void {
    record.#hash = hash;
  }
}

/**
 * Extends a hash chain without hashing: records come out with their canonical bytes, and their
 * hashes follow when a reader asks for one (computed here, on the reader's thread, from the last
 * hash known) or when `settle` hands them in. The engine uses it when its log writer hashes on
 * another core; the records, head and bytes are those of `chainEvents`.
 *
 * @example const records = new DeferredChain(GENESIS_HASH).extend(GENESIS_HASH, events, serializeEvent); records.at(-1)!.hash;
 */
export class DeferredChain implements Chain {
  /** Hash of the record before `pending[start]` (or of the last record, when none is pending). */
  private known: string;
  /** Records not hashed yet, oldest first, from index `start`. */
  private pending: DeferredRecord[] = [];
  private start = 0;
  private last: DeferredRecord | null = null;

  constructor(head: string) {
    this.known = head;
  }

  /** Records of `events`, in order, after `from`: the last record extended, or the head the chain began at. */
  extend(from: EventRecord | string, events: readonly TickfoldEvent[], serialize: (event: TickfoldEvent) => string): EventRecord[] {
    if (from !== (this.last ?? this.known)) this.rewind(from);
    const records: DeferredRecord[] = [];
    for (let i = 0; i < events.length; i++) {
      // Frozen as made, like chainEvents' records; the hash is a private field, set once.
      const r = new DeferredRecord(events[i]!, serialize(events[i]!), this);
      Object.freeze(r);
      records.push(r);
      this.pending.push(r);
    }
    if (records.length > 0) this.last = records[records.length - 1]!;
    return records;
  }

  /** A commit failed after its records were made: the chain goes on from an earlier point. */
  private rewind(from: EventRecord | string): void {
    const at = typeof from === 'string' ? -1 : this.pending.indexOf(from as DeferredRecord, this.start);
    if (at >= 0) {
      this.pending.length = at + 1;
      this.last = from as DeferredRecord;
      return;
    }
    this.known = typeof from === 'string' ? from : from.hash;
    this.pending = [];
    this.start = 0;
    this.last = null;
  }

  /** Hashes the pending records up to and including `record`; returns its hash. */
  resolve(record: DeferredRecord): string {
    let h = this.known;
    const to = this.indexOf(record);
    for (let i = this.start; i <= to; i++) {
      const r = this.pending[i]!;
      h = chainHash(h, r.canonical);
      DeferredRecord.settle(r, h);
    }
    this.advance(to + 1, h);
    return h;
  }

  /**
   * Hands in the hashes of consecutive records from seq `firstSeq`: `hashes` holds 64 hex
   * characters per record. Records already hashed are skipped.
   */
  settle(firstSeq: number, hashes: string): void {
    if (this.start === this.pending.length) return;
    const oldest = this.pending[this.start]!.event.seq;
    if (firstSeq > oldest) throw new Error(`internal: hashes from seq ${firstSeq} settled while seq ${oldest} is still pending`);
    const count = hashes.length / HEX_LENGTH;
    let h = this.known;
    let i = this.start;
    for (let k = Math.max(0, oldest - firstSeq); k < count && i < this.pending.length; k++, i++) {
      h = hashes.slice(k * HEX_LENGTH, (k + 1) * HEX_LENGTH);
      DeferredRecord.settle(this.pending[i]!, h);
    }
    if (i > this.start) this.advance(i, h);
  }

  private indexOf(record: DeferredRecord): number {
    const oldest = this.pending[this.start];
    const at = oldest === undefined ? -1 : this.start + record.event.seq - oldest.event.seq;
    if (this.pending[at] !== record) throw new Error(`internal: record seq ${record.event.seq} is not pending in its chain`);
    return at;
  }

  private advance(to: number, hash: string): void {
    this.known = hash;
    this.start = to;
    // Drop the settled prefix at once (a slot's worth at most waits): a settled record kept here
    // would live through the young generation's collections, each of which copies it.
    if (this.start === this.pending.length) {
      this.pending = [];
      this.start = 0;
    } else if (this.start >= 256) {
      this.pending = this.pending.slice(this.start);
      this.start = 0;
    }
  }
}

/**
 * What a batch after `record` continues, kept as cheaply as it can be: its hash, or the record
 * itself while its hash is deferred (reading it would compute it). Keeping a record from tick to
 * tick where a hash does keeps its event alive past young-generation GCs.
 */
export const chainPoint = (record: EventRecord): EventRecord | string => (record instanceof DeferredRecord ? record : record.hash);

/**
 * The settle function of the chain `record` came from, or undefined when its hash is already
 * computed: a sink that hashes records elsewhere hands the hashes back through it.
 *
 * @example settlerOf(records[0])?.(firstSeq, hashes)
 */
export function settlerOf(record: EventRecord): ((firstSeq: number, hashes: string) => void) | undefined {
  if (!(record instanceof DeferredRecord)) return undefined;
  const chain = (record as unknown as { chain: DeferredChain }).chain;
  return (firstSeq, hashes) => chain.settle(firstSeq, hashes);
}
