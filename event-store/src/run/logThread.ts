// The writer thread of a run (see ThreadLog): hashes, encodes, writes and snapshots what the
// run's writer hands over, in order, with a LocalLog on the real file system.
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { nodeFileLayer } from '../fileLayer.js';
import { LocalLog } from './localLog.js';
import type { RunLogOptions } from './runLog.js';
import { DONE, FAILED, HASHED, PUBLISHED, REQUESTED, SIGNAL, SLEEPING, SLOTS, describeError, slotBytes, slotEnds, slotHashes, type Shared, type ThreadReply, type ThreadRequest } from './threadMessages.js';

const { options, shared, port } = workerData as { options: RunLogOptions; shared: Shared; port: MessagePort };
const { ctl, desc } = shared;
/** Longest block between two turns of the thread's event loop (its interval fsync and background fsyncs run there). */
const WAIT_MS = 5;

const log = new LocalLog({ ...options, fs: nodeFileLayer, nowMs: () => performance.now() });
let failed = false;
let closed = false;
// However the thread ends (an error nobody caught, running out of memory), the writer must not wait for it forever.
process.on('exit', () => {
  if (closed) return;
  Atomics.store(ctl, FAILED, 1);
  Atomics.notify(ctl, HASHED);
  Atomics.notify(ctl, DONE);
});
/** Slots taken in so far. */
let taken = 0;

/** Whatever the thread does: a failure stops it for good and is reported once. */
function guarded(fn: () => void): void {
  if (failed) return;
  try {
    fn();
  } catch (e) {
    // Nothing after a failed write is written: the run's writer throws this at its next call.
    failed = true;
    log.abort();
    port.postMessage({ op: 'error', error: describeError(e) } satisfies ThreadReply);
    Atomics.store(ctl, FAILED, 1);
    // Wake the writer wherever it waits.
    Atomics.notify(ctl, HASHED);
    Atomics.notify(ctl, DONE);
  }
}

/** Takes in the slots published up to `upTo`: chains, hashes and appends them, and puts the hashes back. */
function take(upTo: number): void {
  while (taken < upTo && !failed) {
    const n = taken;
    guarded(() => {
      const slot = n % SLOTS;
      const count = desc[slot * 2 + 1]!;
      const ends = slotEnds(shared, n);
      log.appendChained(desc[slot * 2]!, slotBytes(shared, n, ends[count - 1]!), ends, count, slotHashes(shared, n, count));
      // Written out or copied into the appender's buffer: the slot may be filled again.
      Atomics.store(ctl, HASHED, n + 1);
      Atomics.notify(ctl, HASHED);
    });
    taken = n + 1;
  }
}

function handle(m: ThreadRequest): void {
  switch (m.op) {
    case 'append': {
      const bytes = Buffer.from(m.bytes);
      const hash = Buffer.allocUnsafe(64);
      log.appendChained(m.firstSeq, bytes, Int32Array.of(bytes.length), 1, hash);
      port.postMessage({ op: 'hashes', hashes: hash.toString('latin1') } satisfies ThreadReply);
      return;
    }
    case 'snapshot':
      return log.snapshot(m.state, m.grouped);
    case 'sync':
      return log.sync();
    case 'close':
      log.close();
      return;
  }
}

/**
 * Takes requests and slots in the order the writer made them. Read first, the slot count is
 * bounded by requests counted later: a request posted before a slot is counted, and so taken
 * (with the slots before it), before that slot.
 */
function pump(): void {
  {
    const signal = Atomics.load(ctl, SIGNAL);
    const published = Atomics.load(ctl, PUBLISHED);
    for (let requested = Atomics.load(ctl, REQUESTED), done = Atomics.load(ctl, DONE); done < requested; done++) {
      const m = receiveMessageOnPort(port)!.message as ThreadRequest;
      take(m.after);
      guarded(() => handle(m));
      Atomics.store(ctl, DONE, done + 1);
      Atomics.notify(ctl, DONE);
      if (m.op === 'close') {
        closed = true;
        port.close();
        return;
      }
    }
    take(published);
    // A blocking wait, which the writer's notify ends for a few µs (waking Atomics.waitAsync costs
    // ~300 µs of the writer's time), then a turn of the event loop. SLEEPING is set before the
    // wait: a slot published after `signal` was read either sees it and wakes this thread, or
    // bumped SIGNAL first, and then the wait returns at once.
    Atomics.store(ctl, SLEEPING, 1);
    Atomics.wait(ctl, SIGNAL, signal, WAIT_MS);
    Atomics.store(ctl, SLEEPING, 0);
    setImmediate(pump);
  }
}

pump();
