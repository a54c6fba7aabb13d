import type { TickfoldEvent } from '../events/index.js';
import { canonical } from './canonical.js';
import { sha256Hex } from './hash.js';
import { chainPoint } from './deferred.js';

/**
 * An event with its canonical bytes and its chain hash: what sinks store, byte for byte. Records
 * of an engine with `hashing: 'deferred'` compute `hash` when it is first read, as a getter (so
 * spreading a record or `JSON.stringify` leaves it out: read it), and that read may wait for the
 * sink that hashes them elsewhere, or throw the error that stopped it.
 */
export interface EventRecord {
  readonly event: TickfoldEvent;
  readonly canonical: string;
  readonly hash: string;
}

/**
 * Serializes each event once and extends the chain from `head`. `serialize` must give the
 * canonical bytes: the engine passes its per-type serializers for the events it validated.
 * Each record is frozen as it is made.
 */
export function chainEvents(head: string, events: readonly TickfoldEvent[], serialize: (event: TickfoldEvent) => string = canonical): { records: EventRecord[]; head: string } {
  const records: EventRecord[] = [];
  let h = head;
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    // The hash's input (previous hash ‖ bytes) is built first and flattened once by the hash;
    // the record keeps its tail, a slice of that one flat string, so writing the bytes out later
    // copies them instead of flattening the serializer's pieces a second time.
    // This is `chainHash(h, bytes)`, spelled out to keep the one string.
    const input = h + serialize(event);
    const bytesAt = h.length;
    h = sha256Hex(input);
    records.push(Object.freeze({ event, canonical: input.slice(bytesAt), hash: h }));
  }
  return { records, head: h };
}

/** The hash a batch continues: a head, or the hash of the record before. */
export const hashOf = (from: EventRecord | string): string => (typeof from === 'string' ? from : from.hash);

/**
 * How the engine extends its chain after `from` (the last record it committed, or the head it
 * started at): hashing as it goes (`eagerChain`), or deferred (`DeferredChain`). Records come out frozen.
 */
export interface Chain {
  extend(from: EventRecord | string, events: readonly TickfoldEvent[], serialize: (event: TickfoldEvent) => string): EventRecord[];
}

/** The chain of `chainEvents`: every hash computed as its record is made. */
export const eagerChain: Chain = { extend: (from, events, serialize) => chainEvents(hashOf(from), events, serialize).records };

/**
 * The batch the engine sealed last, and what it was chained from (see chainPoint: the head hash,
 * or the record before while its hash is deferred). Only the last: sinks check a batch while the
 * engine hands it to them, before it seals the next one, and a batch checked later (or never
 * sealed) is simply not trusted and gets checked in full. One reference instead of a WeakMap
 * entry per tick (~1 µs a tick with the collector's share, A/B on the backtest); the binding is
 * private to this module, and identity cannot be forged.
 */
let lastSealed: readonly EventRecord[] | null = null;
let lastSealedFrom: EventRecord | string = '';

/**
 * Marks a batch as the engine's own, chained from `from`, and freezes it so it cannot change
 * afterwards (its records were frozen as they were made). Internal to core: only the engine seals.
 */
export function sealRecords(records: EventRecord[], from: EventRecord | string): readonly EventRecord[] {
  lastSealed = Object.freeze(records);
  lastSealedFrom = from;
  return records;
}

/**
 * The head a batch was chained from when it is the batch the engine built, validated, chained and
 * handed out last; undefined for any other batch. Reads a deferred hash: `continues` does not.
 *
 * @example if (sealedFrom(records) !== writer.head) validateBatch(records)
 */
export const sealedFrom = (records: readonly EventRecord[]): string | undefined => (records === lastSealed ? hashOf(lastSealedFrom) : undefined);

/**
 * Whether the engine sealed `records` as the continuation of `previous` (`chainPoint` of the
 * last record a sink took, or the head it started from): then a sink may skip re-checking the
 * batch, since the engine validated every event as it decided it. Never computes a hash the
 * engine deferred.
 *
 * @example const trusted = continues(records, tail); tail = chainPoint(records[records.length - 1]!);
 */
export const continues = (records: readonly EventRecord[], previous: EventRecord | string): boolean =>
  records === lastSealed && (lastSealedFrom === previous || samePoint(lastSealedFrom, previous));

/** The same point of a chain, one side a hash and the other a record whose hash is known (someone read it). */
const samePoint = (a: EventRecord | string, b: EventRecord | string): boolean => {
  const x = typeof a === 'string' ? a : chainPoint(a);
  const y = typeof b === 'string' ? b : chainPoint(b);
  return typeof x === 'string' && x === y;
};
