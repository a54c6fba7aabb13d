import type { TickfoldEvent } from '../events/index.js';
import { canonical } from './canonical.js';
import { chainHash } from './hash.js';

/** An event with its canonical bytes and its chain hash: what sinks store, byte for byte. */
export interface EventRecord {
  readonly event: TickfoldEvent;
  readonly canonical: string;
  readonly hash: string;
}

/**
 * Serializes each event once and extends the chain from `head`. `serialize` must give the
 * canonical bytes: the engine passes its per-type serializers for the events it validated.
 */
export function chainEvents(head: string, events: readonly TickfoldEvent[], serialize: (event: TickfoldEvent) => string = canonical): { records: EventRecord[]; head: string } {
  const records: EventRecord[] = [];
  let h = head;
  for (const event of events) {
    const bytes = serialize(event);
    h = chainHash(h, bytes);
    records.push({ event, canonical: bytes, hash: h });
  }
  return { records, head: h };
}

/** The hash a batch continues: a head, or the hash of the record before. */
export const hashOf = (from: EventRecord | string): string => (typeof from === 'string' ? from : from.hash);

/**
 * How the engine extends its chain after `from` (the last record it committed, or the head it
 * started at): hashing as it goes (`eagerChain`), or deferred (`DeferredChain`).
 */
export interface Chain {
  extend(from: EventRecord | string, events: readonly TickfoldEvent[], serialize: (event: TickfoldEvent) => string): EventRecord[];
}

/** The chain of `chainEvents`: every hash computed as its record is made. */
export const eagerChain: Chain = { extend: (from, events, serialize) => chainEvents(hashOf(from), events, serialize).records };

/**
 * Record batches the engine built: each event validated when decided, chained from what is
 * stored here (see chainPoint: the head hash, or the record before while its hash is deferred).
 */
const sealed = new WeakMap<readonly EventRecord[], EventRecord | string>();

/**
 * Marks a batch as the engine's own, chained from `from`, and freezes it so it cannot change
 * afterwards. Internal to core: only the engine seals.
 */
export function sealRecords(records: EventRecord[], from: EventRecord | string): readonly EventRecord[] {
  for (const r of records) Object.freeze(r);
  sealed.set(Object.freeze(records), from);
  return records;
}

/**
 * The head a batch was chained from when the engine built, validated and chained it itself;
 * undefined for any other batch. Reads a deferred hash: `continues` does not.
 *
 * @example if (sealedFrom(records) !== writer.head) validateBatch(records)
 */
export const sealedFrom = (records: readonly EventRecord[]): string | undefined => {
  const from = sealed.get(records);
  return from === undefined ? undefined : hashOf(from);
};

/**
 * Whether the engine sealed `records` as the continuation of `previous` (`chainPoint` of the
 * last record a sink took, or the head it started from): then a sink may skip re-checking the
 * batch, since the engine validated every event as it decided it. Never computes a hash the
 * engine deferred.
 *
 * @example const trusted = continues(records, tail); tail = chainPoint(records.at(-1)!);
 */
export function continues(records: readonly EventRecord[], previous: EventRecord | string): boolean {
  const from = sealed.get(records);
  if (from === undefined) return false;
  return from === previous;
}
