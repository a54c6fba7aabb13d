import type { TickfoldEvent } from '../events/index.js';
import { canonical } from './canonical.js';
import { chainHash } from './hash.js';

/** An event with its canonical bytes and its chain hash: what sinks store, byte for byte. */
export interface EventRecord {
  readonly event: TickfoldEvent;
  readonly canonical: string;
  readonly hash: string;
}

/** Serializes each event once and extends the chain from `head`. */
export function chainEvents(head: string, events: readonly TickfoldEvent[]): { records: EventRecord[]; head: string } {
  const records: EventRecord[] = [];
  let h = head;
  for (const event of events) {
    const bytes = canonical(event);
    h = chainHash(h, bytes);
    records.push({ event, canonical: bytes, hash: h });
  }
  return { records, head: h };
}
