import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { TickfoldError, isErrorCode, type EventRecord } from '@tickfold/core';
import { attachHash, type HashSource } from '@tickfold/core/internal';
import type { StateBytes } from '../snapshot/write.js';
import type { RunLog, RunLogOptions } from './runLog.js';
import { storeError } from '../errors.js';
import { startThread } from '../workerFile.js';
import { EVENT_AT } from '../log/line.js';
import { DONE, DUE, FAILED, HASHED, POLL_MS, PUBLISHED, REQUESTED, SIGNAL, SLEEPING, SLOTS, SLOT_BYTES, SLOT_EVENTS, STARTED, STOP, STOPPED, newShared, slotBytes, slotEnds, slotHashes, slotNewTimes, type ErrorFields, type ThreadInit, type ThreadReply, type ThreadRequest } from './threadMessages.js';

/** Longest wait for a thread asked to stop (it finishes the write at hand), before it is terminated. */
const STOP_WAIT_MS = 10_000;
/** Longest wait for a thread to take its run (it starts in ~0.1 s), before it counts as failed. */
const START_WAIT_MS = 30_000;

/** A writer thread started, waiting for its run (its first message): the error it met meanwhile, if any. */
interface IdleThread {
  readonly worker: Worker;
  readonly file: string;
  error: Error | null;
}

/** The thread startWriterThread started and no run has taken yet: one at most. */
let idle: IdleThread | null = null;

/** Whether the thread started ahead is one for `file` that has met no error. */
const idleFor = (file: string): boolean => idle !== null && idle.file === file && idle.error === null;

/**
 * The writer thread's young generation, capped: the thread allocates little and briefly (a slot's
 * lines, its hashes), and left to V8 its young generation doubled ~1.8 s into a run, so a 1M-bar
 * backtest peaked 7 MB above a 100k-bar one for nothing (126 against 119 MB, 100k at 114 and 111;
 * medians of 3, `process.resourceUsage().maxRSS`). Its collections stay ~0.1 ms.
 */
const WRITER_YOUNG_GENERATION_MB = 2;

function spawn(file: string): IdleThread {
  // An error the thread did not catch (it reports the ones it meets): kept for the log's next call.
  const thread: IdleThread = {
    worker: startThread(
      file,
      (e) => {
        thread.error ??= e;
      },
      { resourceLimits: { maxYoungGenerationSizeMb: WRITER_YOUNG_GENERATION_MB } },
    ),
    file,
    error: null,
  };
  return thread;
}

/**
 * Starts a writer thread from `file` (workerPath(LOG_WORKER)) that the next ThreadedLog takes:
 * a thread starts in ~0.1 s, which then overlaps the setting up of its run (reading the inputs,
 * creating the run directory) instead of holding up the run's first events. Does nothing when one
 * waits already; a thread no run takes idles, and does not keep the process alive.
 */
export function startWriterThread(file: string): void {
  if (!idleFor(file)) idle = spawn(file);
}

/** Whether a thread started ahead waits for its run (for tests: which runs start one, and that a run takes it). */
export const threadWaiting = (): boolean => idle !== null;

/** The thread started ahead for `file`, if it is still fine, else a new one. */
function takeThread(file: string): IdleThread {
  const ready = idleFor(file) ? idle : null;
  idle = null;
  return ready ?? spawn(file);
}

/**
 * The hashes of one slot's events, as the writer thread puts them back beside it: the source of
 * the records appended through it (core's attachHash), read when someone asks for one. Before the
 * slot is filled again they are copied out (one string a slot), so a record read later still finds
 * its hash; only a record nobody has let go of keeps that string.
 */
class SlotHashes implements HashSource {
  hashes: string | null = null;
  /** Until the hashes are copied out: the log that has them (then let go of, with its shared memory). */
  log: ThreadedLog | null;

  constructor(
    log: ThreadedLog,
    /** The slot's number among all slots published (its place in the ring is n % SLOTS). */
    readonly n: number,
  ) {
    this.log = log;
  }

  hashAt(index: number): string {
    return (this.hashes ?? this.log!.hashesOf(this)).slice(index * 64, index * 64 + 64);
  }
}

/**
 * A run's log written on a writer thread: this thread copies each event's canonical bytes into
 * a shared slot; the writer thread hashes them (the same chainHash), encodes the lines, writes
 * the segments, fsyncs per policy and writes the snapshots, and puts the hashes back beside the
 * slot, where records whose hashing the engine deferred find them if they are ever read. `sync`
 * and `close` wait for it, so they return with the guarantees of the local log; a failure on the
 * thread is thrown by the next call, and by a read of a hash the thread did not compute.
 */
export class ThreadedLog implements RunLog {
  private readonly thread: IdleThread;
  private readonly port: MessagePort;
  private readonly shared = newShared();
  /** Messages sent, slots published. */
  private sent = 0;
  private published = 0;
  /** The slot being filled: the events' UTF-8 canonical bytes back to back, and where each ends. */
  private buf: Buffer;
  private ends: Int32Array;
  private newTimes: Uint8Array;
  /** The time of the last event handed over (see slotNewTimes). */
  private lastTime: string | undefined = undefined;
  private used = 0;
  private events = 0;
  private firstSeq = 0;
  /** The hashes of the slots in the ring, by n % SLOTS; the one being filled among them. */
  private readonly sources: SlotHashes[] = [];
  /** A failure on this side, or the thread's reply that it failed (see check); the thread's uncaught error is thread.error. */
  private error: Error | null = null;
  /** When the thread was handed its run (see check: a thread that never takes it). */
  private readonly createdAt: number;
  snapshotSeq: number;
  newestSnapshotSeq: number;

  /** `file`: the thread's module (workerPath(LOG_WORKER)). */
  constructor(
    o: RunLogOptions,
    file: string,
    private readonly nowMs: () => number,
  ) {
    const { port1, port2 } = new MessageChannel();
    const options: RunLogOptions = { dir: o.dir, policy: o.policy, recomputable: o.recomputable, segmentMaxBytes: o.segmentMaxBytes, rotation: o.rotation, keepSnapshots: o.keepSnapshots, at: { ...o.at } };
    this.thread = takeThread(file);
    this.thread.worker.postMessage({ options, shared: this.shared, port: port2 } satisfies ThreadInit, [port2]);
    this.port = port1;
    this.buf = slotBytes(this.shared, 0);
    this.ends = slotEnds(this.shared, 0);
    this.newTimes = slotNewTimes(this.shared, 0);
    this.sources[0] = new SlotHashes(this, 0);
    this.createdAt = nowMs();
    this.snapshotSeq = o.at.seq;
    this.newestSnapshotSeq = o.at.seq;
  }

  append(records: readonly EventRecord[]): void {
    this.check();
    // An index loop: the engine's batches are frozen, and for-of over a frozen array allocates per element.
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      // The line's room: its head, the canonical bytes (UTF-8: 3 bytes a UTF-16 unit at most), `}\n`.
      const most = EVENT_AT + r.canonical.length * 3 + 2;
      const need = most <= SLOT_BYTES ? most : EVENT_AT + Buffer.byteLength(r.canonical) + 2;
      if (this.used + need > SLOT_BYTES || this.events === SLOT_EVENTS) {
        this.publish();
        if (need > SLOT_BYTES) {
          this.sendAlone(r);
          continue;
        }
      }
      if (this.events === 0) this.firstSeq = r.event.seq;
      attachHash(r, this.sources[this.published % SLOTS]!, this.events);
      const end = this.used + EVENT_AT + this.buf.write(r.canonical, this.used + EVENT_AT, 'utf8');
      this.ends[this.events] = end;
      // Compared by identity: a tick's events share one time string (a new string of the same time is only read again).
      this.newTimes[this.events] = r.event.time === this.lastTime ? 0 : 1;
      this.lastTime = r.event.time;
      this.events++;
      this.used = end + 2;
    }
    // A slow run: under the interval policy the thread says when no slot has come for the period
    // (it looks every few ms), and what waits here goes to it, and so to its next fsync.
    if (this.events > 0 && Atomics.load(this.shared.ctl, DUE) !== 0) this.publish();
  }

  /** Whatever stopped the log, once thrown: a hash read may throw it before any call does. */
  get failure(): Error | null {
    return this.error;
  }

  snapshot(state: StateBytes, grouped: boolean): void {
    this.check();
    this.publish();
    this.request({ op: 'snapshot', after: this.published, state, grouped });
    this.newestSnapshotSeq = state.seq;
    if (!grouped) this.snapshotSeq = state.seq;
  }

  sync(): void {
    this.check();
    this.publish();
    this.request({ op: 'sync', after: this.published });
    this.waitDone();
    // Whatever waited for this fsync has been written.
    this.snapshotSeq = this.newestSnapshotSeq;
  }

  /** Syncs and closes; the thread then ends by itself, once its background fsyncs have closed their files. */
  close(): void {
    this.check();
    this.publish();
    this.request({ op: 'close', after: this.published });
    this.waitDone();
  }

  /**
   * After a failure on this side (the lock lost, a sink's error): the thread stops writing at the
   * next slot and lets go of its files before this returns, so the caller may release the run's
   * lock. Hashes the thread did not compute are then read as this failure.
   */
  abort(): void {
    const { ctl } = this.shared;
    Atomics.store(ctl, STOP, 1);
    Atomics.notify(ctl, SIGNAL);
    // A thread found never to have taken its run (see check) has no files to let go of: ended at once.
    const deadline = Date.now() + (this.error !== null && Atomics.load(ctl, STARTED) === 0 ? 0 : STOP_WAIT_MS);
    while (Atomics.load(ctl, STOPPED) === 0 && Atomics.load(ctl, FAILED) === 0 && Date.now() < deadline) Atomics.wait(ctl, STOPPED, 0, POLL_MS);
    if (Atomics.load(ctl, STOPPED) === 0) void this.thread.worker.terminate();
    this.error ??= storeError('E_RUN_WRITER_FAILED', 'the run\'s writer stopped after a failure before its writer thread had hashed this event; open the run again to recover and resume');
  }

  /**
   * The hashes of `slot` (64 hex characters an event), waiting for the thread if it must: the
   * slot being filled is handed over first. Throws what the thread failed with, when it did not
   * hash them.
   */
  hashesOf(slot: SlotHashes): string {
    if (slot.hashes !== null) return slot.hashes;
    if (slot.n === this.published) this.publish();
    this.waitHashed(slot.n + 1);
    slot.hashes = slotHashes(this.shared, slot.n, this.shared.desc[(slot.n % SLOTS) * 2 + 1]!).toString('latin1');
    slot.log = null;
    return slot.hashes;
  }

  /**
   * Hands the slot being filled to the thread, then takes the next one: once the thread is done
   * with what it held before (a slow disk holds the engine back here rather than queueing the run
   * in memory), and its hashes are copied out for the records that may still ask.
   */
  private publish(): void {
    if (this.events === 0) return;
    const { ctl, desc } = this.shared;
    const slot = this.published % SLOTS;
    desc[slot * 2] = this.firstSeq;
    desc[slot * 2 + 1] = this.events;
    this.published += 1;
    Atomics.store(ctl, DUE, 0);
    Atomics.store(ctl, PUBLISHED, this.published);
    // Waking the thread costs a context switch: it is woken when it sleeps with half the ring
    // waiting (it also looks by itself every few milliseconds, and is woken before this thread waits for it).
    this.signal(this.published - Atomics.load(ctl, HASHED) >= SLOTS / 2);
    this.used = 0;
    this.events = 0;
    const next = this.published;
    const old = this.sources[next % SLOTS];
    if (old !== undefined) this.hashesOf(old);
    this.sources[next % SLOTS] = new SlotHashes(this, next);
    this.buf = slotBytes(this.shared, next);
    this.ends = slotEnds(this.shared, next);
    this.newTimes = slotNewTimes(this.shared, next);
  }

  /** Waits until the thread has hashed `count` slots; throws what stopped it short of them. */
  private waitHashed(count: number): void {
    const { ctl } = this.shared;
    if (Atomics.load(ctl, HASHED) >= count) return;
    this.signal(true);
    for (let hashed = Atomics.load(ctl, HASHED); hashed < count; hashed = Atomics.load(ctl, HASHED)) {
      this.check();
      Atomics.wait(ctl, HASHED, hashed, POLL_MS);
    }
  }

  /** An event larger than a slot goes alone, in a buffer of its own, its hash waited for: rare (a huge config). */
  private sendAlone(r: EventRecord): void {
    this.lastTime = r.event.time;
    // Laid out as its line will be, as in a slot.
    const line = Buffer.allocUnsafeSlow(EVENT_AT + Buffer.byteLength(r.canonical) + 2);
    line.write(r.canonical, EVENT_AT, 'utf8');
    this.request({ op: 'appendAlone', after: this.published, firstSeq: r.event.seq, line: line.buffer as ArrayBuffer }, [line.buffer as ArrayBuffer]);
    this.waitDone();
    const reply = receiveMessageOnPort(this.port)?.message as ThreadReply | undefined;
    if (reply?.op === 'hashes') attachHash(r, { hashAt: () => reply.hashes }, 0);
  }

  /** Requests go through the port the thread reads synchronously, in order with the slots (see writerThread). */
  private request(m: ThreadRequest, transfer: ArrayBuffer[] = []): void {
    this.port.postMessage(m, transfer);
    this.sent += 1;
    Atomics.store(this.shared.ctl, REQUESTED, this.sent);
    this.signal(true);
  }

  /** Bumps SIGNAL, then wakes the thread when asked and it sleeps (read after the bump: see writerThread's pump). */
  private signal(wake: boolean): void {
    const { ctl } = this.shared;
    Atomics.add(ctl, SIGNAL, 1);
    if (wake && Atomics.load(ctl, SLEEPING) === 1) Atomics.notify(ctl, SIGNAL);
  }

  /** Blocks until the thread has done every request sent; throws what it failed with. */
  private waitDone(): void {
    const { ctl } = this.shared;
    for (let done = Atomics.load(ctl, DONE); done < this.sent; done = Atomics.load(ctl, DONE)) {
      this.check();
      Atomics.wait(ctl, DONE, done, POLL_MS);
    }
    this.check();
  }

  private check(): void {
    this.error ??= this.thread.error;
    const { ctl } = this.shared;
    if (this.error === null && Atomics.load(ctl, FAILED) !== 0) {
      const m = receiveMessageOnPort(this.port)?.message as ThreadReply | undefined;
      this.error = m?.op === 'error' ? revive(m.error) : new Error('the writer thread failed without saying why');
    }
    // A thread that never took its run (its module failed to load, say) cannot say so while this
    // thread waits (its error event needs this thread's event loop): past the deadline it counts as failed.
    if (this.error === null && Atomics.load(ctl, STARTED) === 0 && this.nowMs() - this.createdAt > START_WAIT_MS) {
      this.error = storeError('E_RUN_WRITER_FAILED', `the run's writer thread did not start within ${START_WAIT_MS / 1000} s (its module ${this.thread.file} may be missing or broken); run with --threads 1, or reinstall tickfold`);
    }
    if (this.error) throw this.error;
  }
}

/** The error the writer thread met, as the same kind of error on this thread. */
export function revive(f: ErrorFields): Error {
  if (f.name === 'TickfoldError' && f.code !== undefined && isErrorCode(f.code)) return new TickfoldError(f.code, f.message.slice(f.code.length + 2), f.details ?? {});
  const e = Object.assign(new Error(f.message), { code: f.code, errno: f.errno, syscall: f.syscall, path: f.path });
  for (const k of ['code', 'errno', 'syscall', 'path'] as const) if (e[k] === undefined) delete e[k];
  return e;
}
