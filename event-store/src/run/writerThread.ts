// The writer thread of a run (see ThreadedLog): makes the lines (chains and hashes them), writes and
// snapshots what the run's writer hands over, in order, with a LocalLog on the real file system.
import { parentPort, receiveMessageOnPort } from 'node:worker_threads';
import { nodeFileLayer } from '../fileLayer.js';
import { intervalMsOf } from '../log/durability.js';
import { LocalLog } from './localLog.js';
import { DONE, DUE, FAILED, HASHED, PUBLISHED, REQUESTED, SIGNAL, SLEEPING, SLOTS, STARTED, STOP, STOPPED, describeError, slotBytes, slotEnds, slotHashes, slotNewTimes, type ThreadInit, type ThreadReply, type ThreadRequest } from './threadMessages.js';

// The run comes as the first message: the thread may have been started while the run was being set up.
const { options, shared, port } = await new Promise<ThreadInit>((resolve) => parentPort!.once('message', resolve));
Atomics.store(shared.ctl, STARTED, 1);
const { ctl, desc } = shared;
/** Longest block between two turns of the thread's event loop (its interval fsync and background fsyncs run there). */
const WAIT_MS = 5;

const log = new LocalLog({ ...options, fs: nodeFileLayer, nowMs: () => performance.now() });
let failed = false;
/** Closed or stopped: nothing more is taken, and the thread ends once its background fsyncs are done. */
let finished = false;
// However the thread ends (an error nobody caught, running out of memory), the writer must not wait for it forever.
process.on('exit', () => {
  if (!finished) raise(FAILED);
});
/** Slots taken in so far. */
let taken = 0;
/** The interval policy's period, else null; the slot count last seen and when it was first seen. */
const intervalMs = intervalMsOf(options.policy);
let seenPublished = 0;
let seenAt = performance.now();

/**
 * Under the interval policy, tells the writer when no slot has come for the period (a slow run):
 * it then hands over the slot it fills at its next append, so events wait no longer than that in
 * its memory. The clock is read here, at each turn (every few ms at most), not by the writer at
 * every append: that read was ~1.4 % of a backtest's engine thread.
 */
function watchInterval(published: number): void {
  if (intervalMs === null) return;
  const now = performance.now();
  if (published !== seenPublished) {
    seenPublished = published;
    seenAt = now;
  } else if (now - seenAt >= intervalMs && Atomics.load(ctl, DUE) === 0) {
    Atomics.store(ctl, DUE, 1);
  }
}

/** Sets a word the writer may be waiting for, and wakes it wherever it waits. */
function raise(word: number): void {
  Atomics.store(ctl, word, 1);
  for (const w of [HASHED, DONE, STOPPED]) Atomics.notify(ctl, w);
}

/** Tells the writer why the thread failed: with the error's details if they cross threads, else without. */
function report(e: unknown): void {
  const error = describeError(e);
  try {
    port.postMessage({ op: 'error', error } satisfies ThreadReply);
  } catch {
    port.postMessage({ op: 'error', error: { ...error, details: undefined } } satisfies ThreadReply);
  }
}

/** Whatever the thread does: a failure stops it for good and is reported once. */
function guarded(fn: () => void): void {
  if (failed) return;
  try {
    fn();
  } catch (e) {
    // Nothing after a failed write is written: the run's writer throws this at its next call.
    failed = true;
    log.abort();
    report(e);
    raise(FAILED);
  }
}

/** Takes in the slots published up to `upTo`: chains, hashes and appends them, and puts the hashes back. */
function take(upTo: number): void {
  while (taken < upTo && !failed && Atomics.load(ctl, STOP) === 0) {
    const n = taken;
    guarded(() => {
      const slot = n % SLOTS;
      const count = desc[slot * 2 + 1]!;
      const ends = slotEnds(shared, n);
      log.appendLines(desc[slot * 2]!, slotBytes(shared, n, ends[count - 1]! + 2), ends, slotNewTimes(shared, n), count, slotHashes(shared, n, count));
      // Written out or copied into the appender's buffer: the slot may be filled again.
      Atomics.store(ctl, HASHED, n + 1);
      Atomics.notify(ctl, HASHED);
    });
    taken = n + 1;
  }
}

function handle(m: ThreadRequest): void {
  switch (m.op) {
    case 'appendAlone': {
      const line = Buffer.from(m.line);
      const hash = Buffer.allocUnsafe(64);
      log.appendLines(m.firstSeq, line, Int32Array.of(line.length - 2), Uint8Array.of(1), 1, hash);
      port.postMessage({ op: 'hashes', hashes: hash.toString('latin1') } satisfies ThreadReply);
      return;
    }
    case 'snapshot':
      return log.snapshot(m.state, m.grouped);
    case 'sync':
      return log.sync();
    case 'close':
      return log.close();
  }
}

/** Ends the thread's work: the port closes, and the thread exits once its background fsyncs have closed their files. */
function finish(): void {
  finished = true;
  port.close();
}

/**
 * Takes requests and slots in the order the writer made them. Read first, the slot count is
 * bounded by requests counted later: a request posted before a slot is counted, and so taken
 * (with the slots before it), before that slot. A stop asked by the writer (after a failure on
 * its side) is honoured between two slots: the files are let go of before the writer releases
 * the run's lock.
 */
function pump(): void {
  const signal = Atomics.load(ctl, SIGNAL);
  const published = Atomics.load(ctl, PUBLISHED);
  for (let requested = Atomics.load(ctl, REQUESTED), done = Atomics.load(ctl, DONE); done < requested && Atomics.load(ctl, STOP) === 0; done++) {
    const m = receiveMessageOnPort(port)!.message as ThreadRequest;
    take(m.after);
    guarded(() => handle(m));
    Atomics.store(ctl, DONE, done + 1);
    Atomics.notify(ctl, DONE);
    if (m.op === 'close') return finish();
  }
  take(published);
  watchInterval(published);
  if (Atomics.load(ctl, STOP) === 1) {
    if (!failed) log.abort();
    finish();
    raise(STOPPED);
    return;
  }
  // A blocking wait, which the writer's notify ends for a few µs (waking Atomics.waitAsync costs
  // ~300 µs of the writer's time), then a turn of the event loop. SLEEPING is set before the
  // wait: a slot published after `signal` was read either sees it and wakes this thread, or
  // bumped SIGNAL first, and then the wait returns at once.
  Atomics.store(ctl, SLEEPING, 1);
  Atomics.wait(ctl, SIGNAL, signal, WAIT_MS);
  Atomics.store(ctl, SLEEPING, 0);
  setImmediate(guardedPump);
}

/** An error outside a slot or request (none is expected) fails the thread like any other. */
function guardedPump(): void {
  try {
    pump();
  } catch (e) {
    if (!failed) {
      failed = true;
      report(e);
    }
    finish();
    raise(FAILED);
  }
}

guardedPump();
