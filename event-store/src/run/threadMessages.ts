// Loaded by the writer thread too, which does not load core (its schemas and their compilation).
import type { MessagePort } from 'node:worker_threads';
import type { StateBytes } from '../snapshot/write.js';
import type { RunLogOptions } from './runLog.js';

/**
 * Memory a run's writer shares with its writer thread. The events go through slots taken in turn,
 * laid out as their lines will be (each event's canonical bytes with room for the line's head before
 * and `}\n` after), each event's end beside them, and the hashes come back beside them too, so
 * a tick costs no message: a slot is published with a counter, and a futex wake only when the
 * thread sleeps with half the ring waiting (it looks by itself every few milliseconds). Slots
 * bound how far the thread may fall behind, and so the memory a slow disk can cost.
 */
export const SLOTS = 32;
export const SLOT_BYTES = 1 << 16;
/** Events per slot at most (a slot of shorter events is handed over sooner), so their ends and hashes fit beside it. */
export const SLOT_EVENTS = SLOT_BYTES / 128;
const HEX = 64;

/** Words of `ctl`. */
export const DONE = 0; // requests (messages) the thread has finished
export const FAILED = 1; // 1 once the thread failed
export const PUBLISHED = 2; // slots handed over
export const HASHED = 3; // slots read and hashed: their bytes may be overwritten, their hashes read
export const REQUESTED = 4; // requests (messages) posted: counted after posting, so the thread finds them queued
export const SIGNAL = 5; // bumped at every slot and request: what the thread waits on
export const SLEEPING = 6; // 1 while the thread waits on SIGNAL: only then does a slot need a wake
export const STOP = 7; // 1: the writer asks the thread to stop writing at once (after a failure on its side)
export const STOPPED = 8; // 1 once the thread has stopped writing and let go of its files
export const STARTED = 9; // 1 once the thread has its run (its first message): see ThreadedLog's check
export const DUE = 10; // 1: no slot came for the interval policy's period; the writer hands over the one it fills at its next append
const CTL_WORDS = 12;
/**
 * Longest single wait of the writer on the thread: it looks at FAILED again after it. A failure
 * wakes the writer, but a wake-up can land just before the writer starts waiting and be lost.
 */
export const POLL_MS = 50;

export interface Shared {
  readonly ctl: Int32Array;
  /** Per slot: seq of its first event, and its number of events. */
  readonly desc: Float64Array;
  readonly data: SharedArrayBuffer;
  /** Per slot: where each event's canonical bytes end in the slot (its line starts where the one before ended, the first at 0). */
  readonly ends: SharedArrayBuffer;
  /** Per slot: 1 where an event's time differs from the event's before it (the thread then reads it), else 0. */
  readonly newTimes: SharedArrayBuffer;
  readonly hashes: SharedArrayBuffer;
}

export const newShared = (): Shared => ({
  ctl: new Int32Array(new SharedArrayBuffer(CTL_WORDS * 4)),
  desc: new Float64Array(new SharedArrayBuffer(SLOTS * 16)),
  data: new SharedArrayBuffer(SLOTS * SLOT_BYTES),
  ends: new SharedArrayBuffer(SLOTS * SLOT_EVENTS * 4),
  newTimes: new SharedArrayBuffer(SLOTS * SLOT_EVENTS),
  hashes: new SharedArrayBuffer(SLOTS * SLOT_EVENTS * HEX),
});

/** Slot `n`'s bytes (n counts every slot ever published; slots are taken in turn). */
export const slotBytes = (s: Shared, n: number, length = SLOT_BYTES): Buffer => Buffer.from(s.data, (n % SLOTS) * SLOT_BYTES, length);
/** Slot `n`'s event ends. */
export const slotEnds = (s: Shared, n: number): Int32Array => new Int32Array(s.ends, (n % SLOTS) * SLOT_EVENTS * 4, SLOT_EVENTS);
/** Slot `n`'s flags of a new event time. */
export const slotNewTimes = (s: Shared, n: number): Uint8Array => new Uint8Array(s.newTimes, (n % SLOTS) * SLOT_EVENTS, SLOT_EVENTS);
/** Slot `n`'s hashes: 64 hex characters per event. */
export const slotHashes = (s: Shared, n: number, events = SLOT_EVENTS): Buffer => Buffer.from(s.hashes, (n % SLOTS) * SLOT_EVENTS * HEX, events * HEX);

/**
 * What starts the writer thread's work, its first message: the thread may be started ahead of its
 * run (startWriterThread) and wait for it, so its start-up overlaps the run's own.
 */
export interface ThreadInit {
  readonly options: RunLogOptions;
  readonly shared: Shared;
  /** The port requests come through, read synchronously (see writerThread). */
  readonly port: MessagePort;
}

/** What a run's writer sends its writer thread; each waits for the slots published before it (`after`). */
export type ThreadRequest =
  /** One event larger than a slot, laid out as its line will be (see slots); the hash comes back as a reply. */
  | { readonly op: 'appendAlone'; readonly after: number; readonly firstSeq: number; readonly line: ArrayBuffer }
  | { readonly op: 'snapshot'; readonly after: number; readonly state: StateBytes; readonly grouped: boolean }
  | { readonly op: 'sync'; readonly after: number }
  | { readonly op: 'close'; readonly after: number };

/** An error as it crosses threads: the fields callers match on (code, syscall, path), not only the message. */
export interface ErrorFields {
  readonly message: string;
  readonly name: string;
  readonly code?: string;
  readonly errno?: number;
  readonly syscall?: string;
  readonly path?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export type ThreadReply = { readonly op: 'hashes'; readonly hashes: string } | { readonly op: 'error'; readonly error: ErrorFields };

export function describeError(e: unknown): ErrorFields {
  if (!(e instanceof Error)) return { message: String(e), name: 'Error' };
  const x = e as Error & Partial<Omit<ErrorFields, 'message' | 'name'>>;
  return { message: x.message, name: x.name, code: x.code, errno: x.errno, syscall: x.syscall, path: x.path, details: x.name === 'TickfoldError' ? x.details : undefined };
}
