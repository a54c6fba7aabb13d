import type { TickfoldEvent } from '../events/index.js';
import { canonical } from './canonical.js';
import { sha256Hex } from './hash.js';

/** An event with its canonical bytes and its chain hash: what sinks store, byte for byte. */
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

/**
 * The batch the engine sealed last, and the head it was chained from. Only the last: sinks
 * check a batch while the engine hands it to them, before it seals the next one, and a batch
 * checked later (or never sealed) is simply not trusted and gets checked in full. One reference
 * instead of a WeakMap entry per tick (~1 µs a tick with the collector's share, A/B on the backtest); the binding is
 * private to this module, and identity cannot be forged.
 */
let lastSealed: readonly EventRecord[] | null = null;
let lastSealedFrom = '';

/**
 * Marks a batch as the engine's own, chained from `from`, and freezes it so it cannot change
 * afterwards (`chainEvents` froze each record). Internal to core: only the engine seals.
 */
export function sealRecords(records: EventRecord[], from: string): readonly EventRecord[] {
  lastSealed = Object.freeze(records);
  lastSealedFrom = from;
  return records;
}

/**
 * The head a batch was chained from when it is the batch the engine built, validated, chained and
 * handed out last; undefined for any other batch. A sink may skip re-checking a sealed batch that
 * continues its own head: the engine validated every event as it decided it and hashed each once.
 *
 * @example if (sealedFrom(records) !== writer.head) validateBatch(records)
 */
export const sealedFrom = (records: readonly EventRecord[]): string | undefined => (records === lastSealed ? lastSealedFrom : undefined);
