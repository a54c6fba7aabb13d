import { type State, type SymbolState, type TickfoldEvent } from '@tickfold/core';
import { deepFreeze } from '@tickfold/core/internal';
import { availableParallelism, cpus } from 'node:os';
import { deserialize, serialize } from 'node:v8';
import type { Worker } from 'node:worker_threads';
import { nodeFileLayer, type FileLayer } from '../fileLayer.js';
import { segmentPath } from '../layout.js';
import { LogFold, disproof, isBoundary, type FoldProgress, type FoldSetup, type SnapshotClaim } from '../run/logFold.js';
import { PART_WORKER, startThread, workerPath } from '../workerFile.js';
import { startCursor, type Cursor, type StoredEvent } from './cursor.js';
import { MIN_LINE_BYTES, lineCanonical, lineHash } from './line.js';
import { BEAT, LineNamer, foldedByAll, ownerOf, tailFields } from './owner.js';
import { LineReader } from './lines.js';
import { BATCH_LINES, LineBatch } from './lineBatch.js';
import { listSegments } from './segments.js';
import { TickCheck } from './ticks.js';
import { joinSpans, readSpan, spanJobs, splitAt, type Anchor, type SpanJob, type SpanResult, type SpanSplit } from './spans.js';

/**
 * Reading the log before its last segment on several threads, each thread one part of it.
 *
 * Where snapshots sit so that no thread gets more than MAX_SPAN_SHARE of the bytes
 * (snapshot/write.ts keeps some spread along the log), the log splits by position at them
 * (log/spans.ts): each thread reads only its own bytes. Otherwise it splits by symbol, as follows.
 *
 * The fold's state is per symbol (a tick's start, the one event that touches every symbol,
 * touches each on its own), so the lines split by symbol: a thread checks and folds the lines of
 * its symbols, and every thread folds the session, TickStarted and Heartbeat lines (a Heartbeat
 * folds as its seq, so a thread that does not own one folds its seq, tick and time alone). Each
 * line has exactly one owner, named by its bytes, which checks it exactly as a single scan does
 * (`checkLine`: frame, JSON, seq, chain from the stored hash before it, schema; then ticks) and
 * checks that its bytes named the owner truly. The lines every thread folds are checked by the
 * thread that first reaches their block of seqs (`Claims`), so the threads end together. Every thread counts and walks every line, so seqs,
 * the chain, ticks, batch ends and tick boundaries are the same in each; in the end the threads'
 * states are joined symbol by symbol, and each snapshot is proven against the joined state at its
 * seq. No thread waits for another until the end.
 *
 * Any problem at all stops the parallel read and the caller reads the whole log again in one
 * scan: damage is then reported exactly as a single scan finds it, and a log that passes here
 * passes there with the same state, head and proofs (parts.int.spec.ts).
 */

/** Tuning of a parallel read. */
export interface PartOptions {
  /** Threads, this one included. Default: one per core free now (at most 4). 1 reads in one scan. */
  readonly threads?: number;
  /** Below this many bytes before the last segment, one scan is faster than starting a thread. */
  readonly minBytes?: number;
  /** Force a split: 'position' (at snapshots; one scan if none fits) or 'symbol'. Default: by position where snapshots sit usefully, else by symbol. */
  readonly split?: Split;
}

export type Split = 'position' | 'symbol';

/** How a read will go: on one thread, or split by position at `stops` or by symbol. */
export type ReadPlan =
  | { readonly split: 'one scan'; readonly threads: 1 }
  | ({ readonly split: 'position'; readonly threads: number; readonly toSegment: number } & SpanSplit)
  | { readonly split: 'symbol'; readonly threads: number; readonly toSegment: number; readonly bytes: number };

const MIN_BYTES = 16 << 20;
const MAX_THREADS = 4;
const SAMPLE_MS = 100;
/** Room for one thread's result: a state per proven snapshot, and the events of an open tick. */
const RESULT_BYTES = 32 << 20;
/** A thread that shows no progress for this long is taken as lost: the read starts over in one scan. */
const STALL_MS = 15_000;

// Int32 slots at the start of the shared buffer.
const STOP = 0; // 1: a thread failed
const DONE = 1; // threads other than the caller's that finished
const ALIVE = 2; // bumped by the other threads as they go
const KIB_READ = 4; // + part: KiB of the log a thread of the position split has read (for a progress bar)
const HEADER = 64;
/** Lines named in one go: the batch of those this thread owns fills from about twice as many. */
const GATHER_LINES = 2 * BATCH_LINES;
/** Seqs per block of the lines every thread folds, claimed by one thread at a time (`Claims`). */
const BLOCK_LINES = 1024;

/** What every thread gets: plain data. */
export interface PartJob {
  readonly dir: string;
  readonly setup: FoldSetup;
  readonly progress: FoldProgress;
  readonly toSegment: number;
  readonly threads: number;
  /** Blocks that can be claimed: at least the log's lines before its last segment over `blockLines`. */
  readonly blocks: number;
  readonly blockLines: number;
}

/** A snapshot's seq as one thread met it. */
interface ProofPart {
  readonly seq: number;
  /** Its state there, when the seq ends a tick; absent when it does not (then the seq's owner says so). */
  readonly state?: State;
}

interface PartResult {
  readonly progress: FoldProgress;
  readonly end: Cursor;
  readonly tick: number | null;
  readonly proofs: ProofPart[];
}

/** What the caller continues from: the fold through the last part, and the scan's cursor and tick there. */
export interface PartsPrefix {
  readonly progress: FoldProgress;
  readonly from: Cursor;
  readonly tick: number | null;
  readonly split: Split;
}

/**
 * Folds the log before its last segment on several threads, from `progress` (the fold at
 * genesis), split at `anchors` (snapshots that passed their own checks) where one sits usefully
 * (log/spans.ts), else by symbol. Returns null when the log is too short to gain from threads,
 * or on any problem: the caller then reads it in one scan.
 */
export function foldInParts(
  dir: string,
  fs: FileLayer,
  setup: FoldSetup,
  progress: FoldProgress,
  options: PartOptions = {},
  anchors: readonly Anchor[] = [],
  started: PartThreads | null = null,
): PartsPrefix | null {
  if (progress.state.status !== 'new') return null;
  const plan = planRead(dir, fs, anchors, options);
  const file = workerPath(PART_WORKER);
  if (plan.split === 'one scan' || !file) return null;
  const threads = started ?? new PartThreads(file, 0);
  // Split by position, the threads cost about one scan in all: no need to count free cores first.
  if (plan.split === 'position') return readInSpans(spanJobs(dir, setup, progress, plan.stops, plan.toSegment), plan.owners, plan.threads, fs, threads);
  const { toSegment, bytes } = plan;
  // Without a thread count asked for, the read starts on every core at once and counts the
  // cores free meanwhile (a tenth of a second, while the threads load): with fewer free, it
  // stops and starts again on those (one: the caller's single scan).
  const job: PartJob = { dir, setup, progress, toSegment, threads: plan.threads, blocks: blocksOf(bytes), blockLines: BLOCK_LINES };
  const outcome = readInParts(job, fs, threads, options.threads === undefined ? new FreeCores() : null);
  if (typeof outcome !== 'number') return outcome;
  return outcome < 2 ? null : foldInParts(dir, fs, setup, progress, { ...options, threads: outcome, split: 'symbol' });
}

/**
 * The threads a full read of the log is about to split onto, started now: a thread takes ~0.05 s
 * to start and load the store, which overlaps whatever the caller does before the read (recover
 * checks every snapshot first), instead of delaying the thread's part. Null when the read will be
 * one scan (a short log, one thread asked for or one core). `close` ends those no read took.
 */
export function startPartThreads(dir: string, fs: FileLayer, options: PartOptions = {}): PartThreads | null {
  const plan = planRead(dir, fs, [], options.split === 'position' ? { ...options, split: 'symbol' } : options);
  const file = workerPath(PART_WORKER);
  return plan.split === 'one scan' || !file ? null : new PartThreads(file, plan.threads - 1);
}

/** Threads of a parallel read (partWorker.ts), each waiting for its part: started ahead, or when asked. */
export class PartThreads {
  private readonly idle: Worker[] = [];

  constructor(
    private readonly file: string,
    ahead: number,
  ) {
    for (let i = 0; i < ahead; i++) this.idle.push(this.spawn());
  }

  /** A thread reading `job` as `part`: one started ahead while any is left, else a new one. */
  start(job: PartJob | SpanJob[], shared: SharedArrayBuffer, part: number): Worker {
    const worker = this.idle.shift() ?? this.spawn();
    worker.postMessage({ job, shared, part });
    return worker;
  }

  /** Threads started ahead that no part took yet. */
  get waiting(): number {
    return this.idle.length;
  }

  /** Ends the threads started ahead that no part took. */
  close(): void {
    for (const worker of this.idle.splice(0)) void worker.terminate();
  }

  private spawn(): Worker {
    // A thread that fails outside its part (it cannot start, say): its part never reports, and
    // the read falls back to one scan (see waitDone's stall check).
    return startThread(this.file, () => {});
  }
}

/**
 * How a full read of the log will go with `options`, given the snapshots that passed their own
 * checks (`anchors`): one scan when the log before its last segment is short or one thread is
 * asked for; else split by position where a snapshot sits usefully (log/spans.ts), else by symbol.
 */
export function planRead(dir: string, fs: FileLayer, anchors: readonly Anchor[], options: PartOptions = {}): ReadPlan {
  const one = { split: 'one scan', threads: 1 } as const;
  if (options.threads !== undefined && options.threads < 2) return one;
  let sizes: number[];
  try {
    // The last segment is read after the parts, on the caller's thread, once they are done: not split.
    sizes = listSegments(dir, fs).slice(0, -1).map((name) => fs.size(segmentPath(dir, name)));
  } catch {
    return one; // a missing segment: the single scan names it
  }
  const bytes = sizes.reduce((sum, size) => sum + size, 0);
  const toSegment = sizes.length;
  const threads = Math.min(options.threads ?? availableParallelism(), MAX_THREADS);
  if (toSegment < 1 || bytes < (options.minBytes ?? MIN_BYTES) || threads < 2) return one;
  const at = options.split === 'symbol' ? null : splitAt(anchors, sizes, threads);
  if (at) return { split: 'position', threads: at.shares.length, toSegment, ...at };
  return options.split === 'position' ? one : { split: 'symbol', threads, toSegment, bytes };
}

/**
 * The parts of a read on `threads` threads read one after another on this thread, the lines
 * every thread folds owned as `slots` says, a block of `blockLines` seqs each (a block's owner
 * + 1; 0: whichever part comes first, so part 0 here; past its end, by seq), and joined: what
 * the threads do, in an order the caller chooses (parts.int.spec.ts). Throws on any problem.
 */
export function foldPartsInTurn(dir: string, fs: FileLayer, setup: FoldSetup, progress: FoldProgress, threads: number, slots: Int32Array, blockLines: number): PartsPrefix {
  const job: PartJob = { dir, setup, progress, toSegment: listSegments(dir, fs).length - 1, threads, blocks: slots.length, blockLines };
  const results: PartResult[] = [];
  for (let part = 0; part < threads; part++) {
    const result = readPart(job, part, fs, new Claims(slots, blockLines));
    // The other threads' results cross as bytes.
    results.push(part === 0 ? result : (deserialize(serialize(result)) as PartResult));
  }
  return join(job, results);
}

/** The parts on `job.threads` threads; a number when fewer cores were free than that. */
function readInParts(job: PartJob, fs: FileLayer, started: PartThreads, sample: FreeCores | null): PartsPrefix | null | number {
  const { threads } = job;
  const shared = new SharedArrayBuffer(resultsAt(job) + threads * RESULT_BYTES);
  const ctl = new Int32Array(shared, 0, HEADER / 4);
  const workers: Worker[] = [];
  let free = threads;
  const stillFree = (): void => {
    const counted = sample?.count() ?? null;
    if (counted !== null && (free = Math.min(counted, threads)) < threads) throw new Error('fewer cores free');
  };
  try {
    for (let part = 1; part < threads; part++) workers.push(started.start(job, shared, part));
    // This thread reads through the caller's layer (a progress bar sees every byte); the others read the same files.
    const own = readPart(job, 0, fs, claimsIn(shared, job), stillFree);
    if (sample !== null) free = Math.min(sample.wait(), threads);
    if (free < threads) return free;
    if (!waitDone(ctl, threads - 1)) return null;
    const results = [own, ...workers.map((_, i) => deserialize(Buffer.from(resultBytes(shared, job, i + 1))) as PartResult)];
    return join(job, results);
  } catch {
    return free < threads ? free : null;
  } finally {
    Atomics.store(ctl, STOP, 1);
    for (const worker of workers) void worker.terminate();
  }
}

/** The parts of a position split on `threads` threads, part i on thread `owners[i]` (0: this one), each thread's parts in order. */
function readInSpans(jobs: readonly SpanJob[], owners: readonly number[], threads: number, fs: FileLayer, started: PartThreads): PartsPrefix | null {
  const shared = new SharedArrayBuffer(HEADER + threads * RESULT_BYTES);
  const ctl = new Int32Array(shared, 0, HEADER / 4);
  const workers: Worker[] = [];
  const byThread = Array.from({ length: threads }, (_, thread) => jobs.filter((_, i) => owners[i] === thread));
  try {
    for (let thread = 1; thread < threads; thread++) workers.push(started.start(byThread[thread]!, shared, thread));
    const others = readOnOthers(fs, ctl, threads);
    const results = [byThread[0]!.map((job) => readSpan(job, others.fs))];
    if (!waitDone(ctl, threads - 1, others.pass)) return null;
    others.pass();
    for (let thread = 1; thread < threads; thread++) results.push(deserialize(Buffer.from(resultBytes(shared, byThread[thread]!, thread))) as SpanResult[]);
    // Each thread's results in the order of its parts: the parts in seq order.
    const next = results.map(() => 0);
    return { ...joinSpans(owners.map((thread) => results[thread]![next[thread]!++]!)), split: 'position' };
  } catch {
    return null;
  } finally {
    Atomics.store(ctl, STOP, 1);
    for (const worker of workers) void worker.terminate();
  }
}

/**
 * The caller's layer for its parts of a position split: stops as soon as another thread failed
 * (the whole log is read again in one scan, so the rest of this thread's parts would be wasted),
 * and tells the layer (`readElsewhere`, for a progress bar) of the bytes the other threads read,
 * as this thread reads and while it waits for them.
 */
function readOnOthers(fs: FileLayer, ctl: Int32Array, threads: number): { fs: FileLayer; pass: () => void } {
  let passedKib = 0;
  const pass = (): void => {
    if (!fs.readElsewhere) return;
    let kib = 0;
    for (let part = 1; part < threads; part++) kib += Atomics.load(ctl, KIB_READ + part);
    if (kib > passedKib) fs.readElsewhere((kib - passedKib) * 1024);
    passedKib = Math.max(kib, passedKib);
  };
  const read: FileLayer['read'] = (fd, buffer, offset, length, position) => {
    if (Atomics.load(ctl, STOP) !== 0) throw new Error('another thread failed');
    const n = fs.read(fd, buffer, offset, length, position);
    pass();
    return n;
  };
  return { fs: { ...fs, read }, pass };
}

/** A worker thread's part: reads it and leaves the result in shared memory. */
export function runPart(job: PartJob | SpanJob[], shared: SharedArrayBuffer, part: number): void {
  const ctl = new Int32Array(shared, 0, HEADER / 4);
  try {
    const going = (): void => {
      Atomics.add(ctl, ALIVE, 1);
      if (Atomics.load(ctl, STOP) !== 0) throw new Error('stopped');
    };
    let readBytes = 0;
    const counted: FileLayer = {
      ...nodeFileLayer,
      read: (fd, buffer, offset, length, position) => {
        going();
        const n = nodeFileLayer.read(fd, buffer, offset, length, position);
        Atomics.store(ctl, KIB_READ + part, Math.floor((readBytes += n) / 1024));
        return n;
      },
    };
    const result = Array.isArray(job) ? job.map((span) => readSpan(span, counted)) : readPart(job, part, nodeFileLayer, claimsIn(shared, job), going);
    const bytes = serialize(result);
    if (bytes.length + 4 > RESULT_BYTES) throw new Error('the part outgrew its shared buffer');
    const at = resultsAt(job) + part * RESULT_BYTES;
    const region = new DataView(shared, at, RESULT_BYTES);
    new Uint8Array(shared, at + 4, bytes.length).set(bytes);
    region.setUint32(0, bytes.length);
    Atomics.add(ctl, DONE, 1);
  } catch {
    Atomics.store(ctl, STOP, 1);
  }
  Atomics.notify(ctl, DONE);
}

function resultBytes(shared: SharedArrayBuffer, job: PartJob | SpanJob[], part: number): Uint8Array {
  const at = resultsAt(job) + part * RESULT_BYTES;
  const length = new DataView(shared, at, 4).getUint32(0);
  return new Uint8Array(shared, at + 4, length);
}

/** Blocks for a log of `bytes` before its last segment: a line holds at least MIN_LINE_BYTES and its newline. */
const blocksOf = (bytes: number): number => Math.ceil(bytes / (MIN_LINE_BYTES + 1) / BLOCK_LINES) + 1;
/** The shared buffer: the control slots, the claims (of a symbol split), then a result per thread. */
const resultsAt = (job: PartJob | SpanJob[]): number => (Array.isArray(job) ? HEADER : HEADER + Math.ceil(job.blocks / 2) * 8);
const claimsIn = (shared: SharedArrayBuffer, job: PartJob): Claims => new Claims(new Int32Array(shared, HEADER, job.blocks), job.blockLines);

/**
 * Which thread checks the lines every thread folds (a tick's start, Heartbeats, the session's
 * ends), a block of seqs at a time (BLOCK_LINES): the first thread to reach a block claims it.
 * The thread ahead takes on more of that work (a fifth of the bytes of a 4-symbol session) and
 * the others catch up, so the threads end together however late one started (a worker pays its
 * own start-up) or however busy its core. Which thread checks a line changes nothing else: every
 * owner checks a line the same way, and every thread folds these lines anyway.
 */
export class Claims {
  private block = -1;
  private owner = 0;

  /** `slots`: 0 for a block nobody claimed yet, else its owner + 1. */
  constructor(
    readonly slots: Int32Array,
    private readonly blockLines: number,
  ) {}

  /** The owner of the block holding `seq`, claimed for `part` if no thread has it yet. */
  ownerAt(seq: number, part: number, threads: number): number {
    const block = Math.floor(seq / this.blockLines);
    if (block !== this.block) {
      this.block = block;
      // Past the slots (more lines than the bytes could hold, so damage): by seq, the same in every thread.
      const was = block < this.slots.length ? Atomics.compareExchange(this.slots, block, 0, part + 1) : block % threads + 1;
      this.owner = was === 0 ? part : was - 1;
    }
    return this.owner;
  }
}

/** Waits for `count` other threads to finish, `waiting` every tenth of a second meanwhile; false when one failed or stalled. */
function waitDone(ctl: Int32Array, count: number, waiting?: () => void): boolean {
  let alive = Atomics.load(ctl, ALIVE);
  let still = 0;
  for (;;) {
    if (Atomics.load(ctl, STOP) !== 0) return false;
    const done = Atomics.load(ctl, DONE);
    if (done >= count) return true;
    if (Atomics.wait(ctl, DONE, done, SAMPLE_MS) !== 'timed-out') continue;
    waiting?.();
    const now = Atomics.load(ctl, ALIVE);
    still = now === alive ? still + SAMPLE_MS : 0;
    alive = now;
    if (still >= STALL_MS) return false;
  }
}

/**
 * Cores free for this process: the idle share of every core over a tenth of a second, plus what
 * this process itself used meanwhile (its own threads at work). The parallel read costs more
 * CPU in all (every thread walks every line), so it is faster only with cores to spare: on a
 * busy machine its threads share the cores others use and one scan finishes first. Not the load
 * average: that still counts a command that has just ended, such as the run before a verify.
 */
class FreeCores {
  private readonly before = cpus();
  private readonly ownBefore = process.cpuUsage();
  private readonly startMs = performance.now();
  private counted: number | null = null;

  /** The count once a tenth of a second has passed (then the same on every call), else null. */
  count(): number | null {
    if (this.counted !== null || performance.now() - this.startMs < SAMPLE_MS) return this.counted;
    const own = process.cpuUsage(this.ownBefore);
    const after = cpus();
    let idle = 0;
    let total = 0;
    after.forEach((cpu, i) => {
      const was = this.before[i]?.times;
      if (!was) return;
      const { user, nice, sys, irq } = cpu.times;
      idle += cpu.times.idle - was.idle;
      total += user - was.user + (nice - was.nice) + (sys - was.sys) + (irq - was.irq) + (cpu.times.idle - was.idle);
    });
    const ownMs = (own.user + own.system) / 1000;
    const free = total > 0 ? (Math.min(total, idle + ownMs) / total) * after.length : 1;
    // Breaks even with about one core of two busy elsewhere.
    return (this.counted = Math.max(1, Math.min(availableParallelism(), Math.floor(free + 0.75))));
  }

  /** The count, waiting for the rest of the tenth of a second if need be. */
  wait(): number {
    const left = SAMPLE_MS - (performance.now() - this.startMs);
    if (left > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.ceil(left));
    return this.count() ?? 1;
  }
}


/** The symbols in sorted order: a symbol's place in it names its lines (owner.ts's LineNamer) and so their owner (`ownerOf`). */
const sortedSymbols = (setup: FoldSetup): string[] => [...setup.config.symbols].sort();

/**
 * One thread's part: checks the lines it owns, folds those and every session, tick and Heartbeat
 * line. `going` runs before each segment and throws to stop the part.
 */
function readPart(job: PartJob, part: number, fs: FileLayer, claims: Claims, going?: () => void): PartResult {
  const { dir, setup, threads } = job;
  const symbols = sortedSymbols(setup);
  const namer = new LineNamer(symbols);
  const snapshots = new Set(job.progress.claims.map((c) => c.seq));
  const folder = new LogFold(setup, { ...job.progress, batch: [], unproven: [], claims: [] });
  const ticks = new TickCheck();
  const proofs: ProofPart[] = [];
  const names = listSegments(dir, fs);
  const cur: Cursor = startCursor();
  let tick: number | null = null;
  const batch = new LineBatch();
  const starts = new Int32Array(GATHER_LINES);
  const ends = new Int32Array(GATHER_LINES);
  const ats = new Float64Array(GATHER_LINES);
  const named = new Int32Array(GATHER_LINES);
  const owned = new Uint8Array(GATHER_LINES);
  let room: Buffer | undefined;
  for (let index = 1; index <= job.toSegment; index++) {
    const name = names[index - 1]!;
    Object.assign(cur, { segment: index, offset: 0, line: 0 });
    going?.();
    const fd = fs.openRead(segmentPath(dir, name));
    try {
      const line = new LineReader(fs, fd, 0, room);
      // The chain head is the stored hash of the line before; read only when a check needs it.
      let headBehind = false;
      while (line.next()) {
        if (!line.complete) throw new Error('torn line');
        // The lines already in the buffer, named; those this thread owns are checked together.
        const { buf } = line;
        let count = 0;
        batch.clear();
        do {
          const { start, end } = line;
          const seq = cur.seq + count + 1;
          const lineName = namer.name(buf, start, end);
          const own = (foldedByAll(lineName) ? claims.ownerAt(seq, part, threads) : ownerOf(lineName, seq, threads)) === part;
          if (own) {
            // Chains from the stored hash of the line before, wherever it is in the buffer (the head if it is not).
            const before = count === 0 ? (headBehind ? line.prevStart : cur.head) : starts[count - 1]!;
            batch.add(start, end, seq, before);
          }
          starts[count] = start;
          ends[count] = end;
          ats[count] = line.at;
          named[count] = lineName;
          owned[count++] = own ? 1 : 0;
        } while (!batch.full && count < GATHER_LINES && line.take());
        if (!batch.check(buf)) throw new Error('damage');
        let b = 0;
        for (let i = 0; i < count; i++) {
          const start = starts[i]!;
          const end = ends[i]!;
          const at = ats[i]!;
          const lineName = named[i]!;
          const seq = cur.seq + 1;
          let stored: StoredEvent | null = null;
          if (owned[i] === 1) {
            const checked = batch.stored(b++, name, at, cur.line + 1);
            const { event } = checked;
            if (namer.nameOf(event) !== lineName) throw new Error('the line named another owner');
            if (lineName === BEAT) {
              const tail = tailFields(buf, start, end);
              if (tail.seq !== event.seq || tail.tick !== event.tick || tail.time !== event.time) throw new Error('the Heartbeat tail differs');
            }
            cur.seq = seq;
            cur.head = checked.hash;
            headBehind = false;
            stored = checked;
          } else {
            cur.seq = seq;
            headBehind = true;
            if (foldedByAll(lineName)) {
              // Checked by its owner; folded here from the same bytes.
              const event = lineName === BEAT ? tailFields(buf, start, end) : (JSON.parse(lineCanonical(buf, start, end)) as TickfoldEvent);
              if (event.seq !== seq) throw new Error('seq');
              cur.head = lineHash(buf, start);
              headBehind = false;
              stored = { event, hash: cur.head, canonical: '', segment: name, offset: at, line: cur.line + 1 };
            }
          }
          cur.offset = at + (end - start) + 1;
          cur.line += 1;
          if (stored) {
            if (ticks.check(stored.event) !== null) throw new Error('tick');
            tick = stored.event.tick;
            folder.push(stored, cur);
            if (snapshots.has(seq)) {
              const boundary = isBoundary(stored.event);
              if (boundary) folder.settle();
              proofs.push(boundary ? { seq, state: folder.progress.state } : { seq });
            }
          }
        }
      }
      // The next segment's first line chains from this one's last.
      if (headBehind) cur.head = lineHash(line.buf, line.start);
      room = line.buf;
    } finally {
      fs.close(fd);
    }
  }
  folder.settle();
  return { progress: folder.save(), end: { ...cur }, tick, proofs };
}

/** The threads' states joined: each symbol from the thread that owns it, the rest (the same in all) from the first. */
function joinStates(states: readonly State[], symbols: readonly string[], threads: number): State {
  const first = states[0]!;
  const joined: Record<string, SymbolState> = {};
  for (let i = 0; i < symbols.length; i++) joined[symbols[i]!] = states[ownerOf(i, 0, threads)]!.symbols[symbols[i]!]!;
  for (const s of states) if (s.seq !== first.seq || s.tick !== first.tick || s.status !== first.status) throw new Error('the parts disagree');
  return deepFreeze({ ...first, symbols: joined });
}

function join(job: PartJob, results: readonly PartResult[]): PartsPrefix {
  const symbols = sortedSymbols(job.setup);
  const first = results[0]!;
  for (const r of results) {
    const { end } = r;
    if (end.seq !== first.end.seq || end.head !== first.end.head || end.offset !== first.end.offset || r.tick !== first.tick || r.progress.boundary.seq !== first.progress.boundary.seq) {
      throw new Error('the parts disagree');
    }
  }
  const state = joinStates(results.map((r) => r.progress.state), symbols, job.threads);
  // Events after the last tick's end: a symbol's from its owner, a TickStarted from any.
  const open = new Map<number, TickfoldEvent>();
  for (const r of results) for (const e of r.progress.batch) open.set(e.seq, e);
  const batch = [...open.values()].sort((a, b) => a.seq - b.seq);
  const p = job.progress;
  const unproven = [...p.unproven];
  let proven = p.proven;
  let snapshotSeq = p.snapshotSeq;
  const reached = new Set<number>();
  const bySeq = [...new Set(results.flatMap((r) => r.proofs.map((q) => q.seq)))].sort((a, b) => a - b);
  for (const seq of bySeq) {
    const claim = p.claims.find((c) => c.seq === seq)!;
    reached.add(seq);
    const parts = results.map((r) => r.proofs.find((q) => q.seq === seq));
    const atTickEnd = !parts.some((q) => q !== undefined && q.state === undefined);
    const failed = disproof(claim, atTickEnd ? joinStates(parts.map((q) => q!.state!), symbols, job.threads) : null);
    if (failed) {
      unproven.push(failed);
      continue;
    }
    proven += 1;
    snapshotSeq = seq;
  }
  const hashAtPin = results.find((r) => r.progress.hashAtPin !== undefined)?.progress.hashAtPin;
  const claims: SnapshotClaim[] = p.claims.filter((c) => !reached.has(c.seq));
  const progress: FoldProgress = {
    state,
    batch,
    open: batch.length,
    boundary: first.progress.boundary,
    claims,
    proven,
    snapshotSeq,
    unproven,
    ...(hashAtPin === undefined ? {} : { hashAtPin }),
  };
  return { progress, from: first.end, tick: first.tick, split: 'symbol' };
}
