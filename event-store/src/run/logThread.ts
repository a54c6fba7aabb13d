// The writer thread of a run (see ThreadLog): hashes, encodes, writes and snapshots what the
// run's writer hands over, in order, with a LocalLog on the real file system.
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { chainHash, type EventRecord, type TickfoldEvent } from '@tickfold/core';
import { nodeFileLayer } from '../fileLayer.js';
import { LocalLog } from './localLog.js';
import type { RunLogOptions } from './runLog.js';
import { DONE, FAILED, HASHED, PUBLISHED, REQUESTED, SIGNAL, describeError, slotBytes, slotHashes, type Shared, type ThreadReply, type ThreadRequest } from './threadMessages.js';

const { options, shared, port } = workerData as { options: RunLogOptions; shared: Shared; port: MessagePort };
const { ctl, desc } = shared;
const TIME_KEY = '"time":"';
// Node 20 has Atomics.waitAsync; the TypeScript lib of this target does not declare it.
const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number): { async: boolean; value: Promise<unknown> | string } }).waitAsync;
const NEWLINE = 0x0a;

const log = new LocalLog({ ...options, fs: nodeFileLayer, nowMs: () => performance.now() });
let head = options.at.head;
let failed = false;
let closed = false;
// A wait on shared memory does not keep a thread alive: this does, until the log is closed.
const alive = setInterval(() => {}, 1 << 30);
// However the thread ends (an error nobody caught, running out of memory), the writer must not wait for it forever.
process.on('exit', () => {
  if (closed) return;
  Atomics.store(ctl, FAILED, 1);
  Atomics.notify(ctl, HASHED);
  Atomics.notify(ctl, DONE);
});
/** Slots taken in so far. */
let taken = 0;

/**
 * The envelope's time, read from the end of the canonical bytes: the top-level keys are sorted,
 * so `time` comes last but for `type`, whose value is a plain name.
 */
function timeOf(canonical: string): string {
  const at = canonical.lastIndexOf(TIME_KEY) + TIME_KEY.length;
  return canonical.slice(at, canonical.indexOf('"', at));
}

/** The records of newline-ended canonical bytes as the appender reads them: seq, time, canonical bytes and hash. */
function chain(firstSeq: number, bytes: Buffer): EventRecord[] {
  const records: EventRecord[] = [];
  let seq = firstSeq;
  for (let start = 0; start < bytes.length; seq++) {
    const end = bytes.indexOf(NEWLINE, start);
    const canonical = bytes.toString('utf8', start, end);
    head = chainHash(head, canonical);
    records.push({ event: { seq, time: timeOf(canonical) } as TickfoldEvent, canonical, hash: head });
    start = end + 1;
  }
  return records;
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
      const records = chain(desc[slot * 2]!, slotBytes(shared, n, desc[slot * 2 + 1]!));
      const out = slotHashes(shared, n, records.length);
      for (let i = 0; i < records.length; i++) out.write(records[i]!.hash, i * 64, 'latin1');
      // Read into strings: the slot may be filled again while these are written.
      Atomics.store(ctl, HASHED, n + 1);
      Atomics.notify(ctl, HASHED);
      log.append(records);
    });
    taken = n + 1;
  }
}

function handle(m: ThreadRequest): void {
  switch (m.op) {
    case 'append': {
      const [record] = chain(m.firstSeq, Buffer.from(m.bytes));
      log.append([record!]);
      port.postMessage({ op: 'hashes', hashes: record!.hash } satisfies ThreadReply);
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
  for (;;) {
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
        clearInterval(alive);
        port.close();
        return;
      }
    }
    take(published);
    // Waits without blocking the thread's event loop: the interval fsync and background fsyncs run on it.
    const w = waitAsync(ctl, SIGNAL, signal);
    if (w.async) {
      void (w.value as Promise<unknown>).then(pump);
      return;
    }
  }
}

pump();
