import { GENESIS_HASH } from '@tickfold/core';
import { closeSync, openSync, readSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import type { FileLayer } from '../fileLayer.js';
import { segmentPath } from '../layout.js';
import { hasFrame, lineHash } from '../log/line.js';
import { lineChainHash } from '../log/lineHash.js';
import { readLines } from '../log/lines.js';
import { REPLAY_WORKER, startThread, workerPath } from '../workerFile.js';

/**
 * The lines a fast replay reads (run/replay.ts), from this thread or from a reading thread.
 *
 * A replay spends a tenth of its time reading the log and hashing every line for the chain: work
 * that needs nothing of the replay's state. On a machine with a second core a worker thread does
 * it ahead of the replay: it reads each segment, checks every line's frame and that it chains from
 * the line before, and hands over whole chunks of lines it checked (the buffer itself, moved, not
 * copied: the replay reads the very bytes that were hashed). It stops at the first line it could
 * not check, or bytes without a newline; the replay stops there too and reads the rest line by
 * line, which reports exactly what is wrong. Any trouble with the thread itself only ends its lines
 * early, the same way.
 */

/** A line to replay: buf[start, end), no newline, at file offset `at`, line `line` of segment `segment` (1-based). */
export interface SourceLine {
  segment: number;
  buf: Buffer;
  start: number;
  end: number;
  at: number;
  line: number;
  /** Its frame and its chain from the line before were checked (by the reading thread). */
  checked: boolean;
}

/** Every complete line of the segments, read here through `fs`; none are checked. Ends at bytes without a newline. */
export function* linesHere(dir: string, fs: FileLayer, segments: readonly string[]): Generator<SourceLine, void, undefined> {
  const out: SourceLine = { segment: 0, buf: Buffer.alloc(0), start: 0, end: 0, at: 0, line: 0, checked: false };
  for (let index = 1; index <= segments.length; index++) {
    const fd = fs.openRead(segmentPath(dir, segments[index - 1]!));
    try {
      out.segment = index;
      out.line = 0;
      for (const { buf, start, end, at, complete } of readLines(fs, fd, 0)) {
        if (!complete) return;
        Object.assign(out, { buf, start, end, at });
        out.line += 1;
        yield out;
      }
    } finally {
      fs.close(fd);
    }
  }
}

/** The line's stored hash when the line is framed and chains from `previous`, else null. */
export function chainedHash(previous: string, buf: Buffer, start: number, end: number): string | null {
  if (!hasFrame(buf, start, end)) return null;
  const hash = lineHash(buf, start);
  return lineChainHash(previous, buf, start, end) === hash ? hash : null;
}

/** Below this many bytes of log, starting a thread costs more than it saves. */
export const THREAD_MIN_BYTES = 16 << 20;
const CHUNK_BYTES = 1 << 20;
/** Chunks the thread may read ahead of the replay. */
const AHEAD = 8;
/** A thread that hands over nothing for this long is taken as lost: the replay goes on alone. */
const STALL_MS = 15_000;

// Int32 slots of the shared control buffer.
const SENT = 0; // chunks posted
const TAKEN = 1; // chunks the replay took
const DONE = 2; // 1: the thread has posted its last chunk
const STOP = 3; // 1: the replay needs no more

export interface ReadJob {
  readonly dir: string;
  readonly segments: readonly string[];
}

/** What the thread posts: whole lines of one segment, each checked, ending at `ends` (newline offsets in `buf`). */
interface Chunk {
  readonly segment: number;
  readonly at: number;
  readonly firstLine: number;
  readonly buf: ArrayBuffer;
  readonly ends: Int32Array;
}

/**
 * The lines of the segments, read and checked by a worker thread. Null when no thread can be
 * started (no built worker file here); the caller reads on this thread then.
 */
export function linesFromThread(job: ReadJob): Generator<SourceLine, void, undefined> | null {
  const file = workerPath(REPLAY_WORKER);
  if (!file) return null;
  const shared = new SharedArrayBuffer(16);
  const ctl = new Int32Array(shared);
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    // A failed thread shows as a stream that ends: see `next`.
    worker = startThread(file, () => undefined, { workerData: { job, shared, port: port2 }, transferList: [port2] });
  } catch {
    return null;
  }
  return threadLines(ctl, port1, worker);
}

function* threadLines(ctl: Int32Array, port: MessagePort, worker: Worker): Generator<SourceLine, void, undefined> {
  const out: SourceLine = { segment: 0, buf: Buffer.alloc(0), start: 0, end: 0, at: 0, line: 0, checked: true };
  try {
    for (let chunk = next(ctl, port); chunk; chunk = next(ctl, port)) {
      const buf = Buffer.from(chunk.buf);
      Object.assign(out, { segment: chunk.segment, buf, line: chunk.firstLine - 1 });
      let start = 0;
      for (const end of chunk.ends) {
        Object.assign(out, { start, end, at: chunk.at + start });
        out.line += 1;
        yield out;
        start = end + 1;
      }
    }
  } finally {
    Atomics.store(ctl, STOP, 1);
    Atomics.notify(ctl, TAKEN);
    port.close();
    void worker.terminate();
  }
}

/** The next chunk the thread posted, waiting for it; null once it posted its last one, or seems lost. */
function next(ctl: Int32Array, port: MessagePort): Chunk | null {
  for (;;) {
    const done = Atomics.load(ctl, DONE) === 1;
    const received = receiveMessageOnPort(port);
    if (received) {
      Atomics.add(ctl, TAKEN, 1);
      Atomics.notify(ctl, TAKEN);
      return received.message as Chunk;
    }
    if (done) return null;
    // A chunk is posted before SENT counts it: wait for the count to move past what was taken.
    const sent = Atomics.load(ctl, SENT);
    if (sent > Atomics.load(ctl, TAKEN)) continue;
    if (Atomics.wait(ctl, SENT, sent, STALL_MS) === 'timed-out' && Atomics.load(ctl, DONE) === 0) return null;
  }
}

/** The thread's side: reads every segment, posting chunks of lines that chain from genesis, until one does not. */
export function readOnThread(job: ReadJob, shared: SharedArrayBuffer, port: MessagePort): void {
  const ctl = new Int32Array(shared);
  let head = GENESIS_HASH;
  let sent = 0;
  const post = (chunk: Chunk): boolean => {
    while (sent - Atomics.load(ctl, TAKEN) >= AHEAD) {
      if (Atomics.load(ctl, STOP) === 1) return false;
      Atomics.wait(ctl, TAKEN, Atomics.load(ctl, TAKEN), 1000);
    }
    if (Atomics.load(ctl, STOP) === 1) return false;
    port.postMessage(chunk, [chunk.buf, chunk.ends.buffer as ArrayBuffer]);
    Atomics.store(ctl, SENT, ++sent);
    Atomics.notify(ctl, SENT);
    return true;
  };
  try {
    segments: for (let index = 1; index <= job.segments.length; index++) {
      const fd = openSync(segmentPath(job.dir, job.segments[index - 1]!), 'r');
      try {
        let buf: Buffer<ArrayBuffer> = Buffer.allocUnsafeSlow(CHUNK_BYTES);
        let len = 0; // bytes in buf, from file offset `at`
        let at = 0;
        let line = 0;
        for (;;) {
          if (len === buf.length) buf = grown(buf, len);
          const n = readSync(fd, buf, len, buf.length - len, at + len);
          len += n;
          const ends: number[] = [];
          let start = 0;
          let intact = true;
          for (let nl = buf.indexOf(0x0a, start); nl !== -1 && nl < len; nl = buf.indexOf(0x0a, start)) {
            const hash = chainedHash(head, buf, start, nl);
            if (hash === null) {
              intact = false;
              break;
            }
            head = hash;
            ends.push(nl);
            start = nl + 1;
          }
          const rest = buf.length;
          const next = Buffer.allocUnsafeSlow(Math.max(CHUNK_BYTES, rest));
          const carried = intact ? buf.copy(next, 0, start, len) : 0;
          if (ends.length > 0 && !post({ segment: index, at, firstLine: line + 1, buf: buf.buffer, ends: Int32Array.from(ends) })) break segments;
          if (!intact) break segments;
          line += ends.length;
          at += start;
          buf = next;
          len = carried;
          // The segment's end; bytes left without a newline end the thread's lines (the replay reads them itself).
          if (n === 0) {
            if (len > 0) break segments;
            break;
          }
        }
      } finally {
        closeSync(fd);
      }
    }
  } finally {
    Atomics.store(ctl, DONE, 1);
    Atomics.notify(ctl, SENT);
  }
}

function grown(buf: Buffer, len: number): Buffer<ArrayBuffer> {
  const bigger = Buffer.allocUnsafeSlow(buf.length * 2);
  buf.copy(bigger, 0, 0, len);
  return bigger;
}

