// The writer thread of a run (see ThreadLog): hashes, encodes, writes and snapshots what the
// run's writer hands over, in order, with a LocalLog on the real file system.
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { nodeFileLayer } from '../fileLayer.js';
import { LineHasher } from '../log/lineHash.js';
import { LocalLog } from './localLog.js';
import type { RunLogOptions } from './runLog.js';
import { DONE, FAILED, HASHED, PUBLISHED, REQUESTED, SIGNAL, describeError, slotBytes, slotHashes, type Shared, type ThreadReply, type ThreadRequest } from './threadMessages.js';

const { options, shared, port } = workerData as { options: RunLogOptions; shared: Shared; port: MessagePort };
const { ctl, desc } = shared;
/** Longest block between two turns of the thread's event loop (its interval fsync and background fsyncs run there). */
const WAIT_MS = 5;
const NEWLINE = 0x0a;

const log = new LocalLog({ ...options, fs: nodeFileLayer, nowMs: () => performance.now() });
let head = options.at.head;
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

const hasher = new LineHasher();
const TIME_KEY = Buffer.from('"time":"', 'latin1');
const QUOTE = 0x22;

/** Lines of a slot, found and hashed: byte ranges, hashes and event times. */
interface Lines {
  readonly from: number[];
  readonly to: number[];
  readonly hashes: string[];
  readonly times: string[];
}

/**
 * The lines of newline-ended canonical bytes, chained from the head. An event's time is read
 * from the end of its bytes: the top-level keys are sorted, so `time` comes last but for
 * `type`, whose value is a plain name.
 */
function chain(bytes: Buffer): Lines {
  const lines: Lines = { from: [], to: [], hashes: [], times: [] };
  for (let start = 0; start < bytes.length; ) {
    const end = bytes.indexOf(NEWLINE, start);
    head = hasher.hash(head, bytes, start, end);
    const at = bytes.lastIndexOf(TIME_KEY, end - 1) + TIME_KEY.length;
    lines.from.push(start);
    lines.to.push(end);
    lines.hashes.push(head);
    lines.times.push(bytes.toString('latin1', at, bytes.indexOf(QUOTE, at)));
    start = end + 1;
  }
  return lines;
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
    port.postMessage({ op: 'error', error: describeError(e) } satisfies ThreadReply);
    Atomics.store(ctl, FAILED, 1);
    // Wake the writer wherever it waits.
    Atomics.notify(ctl, HASHED);
    Atomics.notify(ctl, DONE);
  }
}

/** Takes in the slots published up to `upTo`: hashes them, puts the hashes back, appends. */
function take(upTo: number): void {
  while (taken < upTo && !failed) {
    const n = taken;
    guarded(() => {
      const slot = n % (desc.length / 2);
      const bytes = slotBytes(shared, n, desc[slot * 2 + 1]!);
      const lines = chain(bytes);
      const out = slotHashes(shared, n, lines.hashes.length);
      for (let i = 0; i < lines.hashes.length; i++) out.write(lines.hashes[i]!, i * 64, 'latin1');
      log.appendEncoded(desc[slot * 2]!, bytes, lines.from, lines.to, lines.hashes, lines.times);
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
      const lines = chain(bytes);
      log.appendEncoded(m.firstSeq, bytes, lines.from, lines.to, lines.hashes, lines.times);
      port.postMessage({ op: 'hashes', hashes: lines.hashes[0]! } satisfies ThreadReply);
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
    // ~300 µs of the writer's time), then a turn of the event loop.
    Atomics.wait(ctl, SIGNAL, signal, WAIT_MS);
    setImmediate(pump);
  }
}

pump();
