import type { State } from '@tickfold/core';
import { deepFreeze } from '@tickfold/core/internal';
import type { FileLayer } from '../fileLayer.js';
import { LogFold, type FoldProgress, type FoldSetup } from '../run/logFold.js';
import { startCursor, type Cursor } from './cursor.js';
import { LogScan } from './scan.js';

/**
 * Reading the log before its last segment on several threads, split by position at snapshots:
 * the caller's thread checks and folds the log from genesis to a snapshot S exactly as one scan
 * does; the next thread starts just after S's line with S's state, seq, head, line and tick, and
 * checks and folds from there, exactly as one scan does from S (`LogScan`: frame, JSON, seq,
 * chain, schema, ticks; proving the snapshots it passes), to the next snapshot or the end of its
 * part. Each thread reads only its own bytes, so the threads together cost one scan and the start
 * of a thread.
 *
 * S's state, cursor and tick are only an assumption until the part before reaches S's seq: it
 * must end exactly at S's line (same segment, byte, line, seq and head hash, and tick) with S
 * proven, its fold's state hashing to S's `stateHash` (`disproof`, as one scan proves it). If it
 * does not, or anything else goes wrong, the caller reads the whole log again in one scan.
 */

/** A snapshot a part may start at: where its line ends, its tick and its state (recover's candidates). */
export interface Anchor {
  readonly name: string;
  readonly seq: number;
  readonly tick: number;
  /** The scan's cursor just after its line, with the rotation period of its event. */
  readonly at: Cursor;
  readonly state: State;
}

/** One part: from `start` (genesis when null) to `stop`'s line, or to the end of `toSegment` when null. */
export interface SpanJob {
  readonly dir: string;
  readonly setup: FoldSetup;
  readonly progress: FoldProgress;
  readonly start: Anchor | null;
  readonly stop: Anchor | null;
  readonly toSegment: number;
}

export interface SpanResult {
  readonly progress: FoldProgress;
  readonly end: Cursor;
  readonly tick: number | null;
}

/** The largest share of the bytes one thread may read for this split to beat the symbol split on two threads (log/parts.ts). */
export const MAX_SPAN_SHARE = 0.7;
/**
 * What a thread's start still costs its part, counted as bytes of log it could have read meanwhile
 * (at most 2 % of the log): it starts (~0.05 s) while the caller checks the snapshots (recover's
 * PartThreads), so ~0.03 s at ~100 MB/s a thread.
 */
const START_BYTES = 3 << 20;
/** Up to this many pieces between snapshots, every way to share them between two threads is weighed (2^(n-1)). */
const MAX_PIECES = 14;

/** Where a position split cuts the log, and who reads what. */
export interface SpanSplit {
  /** Where each part after the first starts, in seq order. */
  readonly stops: Anchor[];
  /** The thread that reads each part (0: the caller's), one more than `stops`. */
  readonly owners: number[];
  /** Each thread's share of the bytes. */
  readonly shares: number[];
}

/**
 * Where to split a log whose segments before the last have `sizes` bytes, on at most `threads`
 * threads. On two: the pieces between the snapshots are shared out so that the thread with the
 * most to read (the other thread's start counted in) has the least, in as few parts as that
 * allows; a thread may read several parts, one after another. The last segment is read after
 * both threads are done (recover's one scan, which judges the end), whoever read the last piece,
 * so it weighs on neither share. On more: the snapshots nearest equal shares,
 * one part per thread. Null when some thread would read more than MAX_SPAN_SHARE.
 */
export function splitAt(anchors: readonly Anchor[], sizes: readonly number[], threads: number): SpanSplit | null {
  const before = [0];
  for (const size of sizes) before.push(before.at(-1)! + size);
  const total = before.at(-1)!;
  const byteOf = (a: Anchor): number => before[a.at.segment - 1]! + a.at.offset;
  const inside = anchors.filter((a) => a.at.segment >= 1 && a.at.segment <= sizes.length && byteOf(a) > 0 && byteOf(a) < total).sort((a, b) => a.seq - b.seq);
  if (inside.length === 0 || threads < 2) return null;
  const split = threads === 2 && inside.length < MAX_PIECES ? sharedOut(inside, inside.map(byteOf), total) : nearestShares(inside, byteOf, total, threads);
  return Math.max(...split.shares) <= MAX_SPAN_SHARE ? split : null;
}

/** Two threads: every way to give the pieces after the first to either thread, the best kept. */
function sharedOut(inside: readonly Anchor[], bytes: readonly number[], total: number): SpanSplit {
  const edges = [0, ...bytes, total];
  const pieces = edges.slice(1).map((b, i) => b - edges[i]!);
  const start = Math.min(START_BYTES, total / 50);
  let best = { ways: 0, load: Infinity, parts: Infinity };
  // Bit i - 1 of `ways`: piece i goes to the other thread; the first piece stays with the caller's, which starts at once.
  for (let ways = 1; ways < 2 ** (pieces.length - 1); ways++) {
    let own = pieces[0]!;
    let other = start;
    let parts = 1;
    let wasMine = true;
    for (let i = 1; i < pieces.length; i++) {
      const mine = ((ways >> (i - 1)) & 1) === 0;
      if (mine) own += pieces[i]!;
      else other += pieces[i]!;
      if (mine !== wasMine) parts += 1;
      wasMine = mine;
    }
    const load = Math.max(own, other);
    if (load < best.load || (load === best.load && parts < best.parts)) best = { ways, load, parts };
  }
  const ownerOf = (piece: number): number => (piece === 0 ? 0 : (best.ways >> (piece - 1)) & 1);
  const stops: Anchor[] = [];
  const owners = [0];
  const loads = [0, 0];
  pieces.forEach((size, i) => {
    loads[ownerOf(i)]! += size;
    if (i > 0 && ownerOf(i) !== ownerOf(i - 1)) {
      stops.push(inside[i - 1]!);
      owners.push(ownerOf(i));
    }
  });
  return { stops, owners, shares: loads.map((l) => l / total) };
}

/** More threads: the snapshots nearest equal shares, for the count of parts whose largest is smallest. */
function nearestShares(inside: readonly Anchor[], byteOf: (a: Anchor) => number, total: number, threads: number): SpanSplit {
  let best: SpanSplit | null = null;
  for (let parts = 2; parts <= threads; parts++) {
    const stops: Anchor[] = [];
    for (let j = 1; j < parts; j++) {
      const target = (total * j) / parts;
      const after = inside.filter((a) => stops.length === 0 || a.seq > stops.at(-1)!.seq);
      const nearest = after.reduce<Anchor | null>((n, a) => (n === null || Math.abs(byteOf(a) - target) < Math.abs(byteOf(n) - target) ? a : n), null);
      if (nearest) stops.push(nearest);
    }
    const edges = [0, ...stops.map(byteOf), total];
    const shares = edges.slice(1).map((b, i) => (b - edges[i]!) / total);
    if (best === null || Math.max(...shares) < Math.max(...best.shares)) best = { stops, owners: shares.map((_, i) => i), shares };
  }
  return best!;
}

/** The jobs of the parts, the caller's first: the claims each proves are those of its seqs. */
export function spanJobs(dir: string, setup: FoldSetup, genesis: FoldProgress, stops: readonly Anchor[], toSegment: number): SpanJob[] {
  return [null, ...stops].map((start, i) => {
    const stop = stops[i] ?? null;
    const from = start?.seq ?? 0;
    const claims = genesis.claims.filter((c) => c.seq > from && (stop === null || c.seq <= stop.seq));
    const progress: FoldProgress =
      start === null
        ? { ...genesis, claims }
        : { state: start.state, batch: [], open: 0, boundary: { ...start.at }, claims, proven: 0, snapshotSeq: null, unproven: [] };
    return { dir, setup, progress, start, stop, toSegment };
  });
}

/** Reads one part as one scan reads those lines; throws unless it ends exactly at its stop's line with the stop proven. */
export function readSpan(job: SpanJob, fs: FileLayer): SpanResult {
  const { start, stop } = job;
  const folder = new LogFold(job.setup, { ...job.progress, batch: [...job.progress.batch], unproven: [...job.progress.unproven] });
  const cur = startCursor();
  let tick = start?.tick ?? null;
  let reached = false;
  // The scan's cursor keeps no day (cursor.ts): the fold's boundary does.
  const scan = new LogScan(job.dir, { fs, cursor: cur, toSegment: job.toSegment, ...(start ? { from: { ...start.at, day: null }, tick: start.tick } : {}) });
  try {
    for (let stored = scan.next(); stored !== null; stored = scan.next()) {
      folder.push(stored, cur);
      tick = stored.event.tick;
      if (stop !== null && stored.event.seq === stop.seq) {
        reached = true;
        break;
      }
    }
  } finally {
    scan.close();
  }
  if (stop !== null) {
    const at = stop.at;
    const same = reached && cur.segment === at.segment && cur.offset === at.offset && cur.line === at.line && cur.seq === at.seq && cur.head === at.head && tick === stop.tick;
    if (!same || folder.progress.snapshotSeq !== stop.seq) throw new Error(`the part does not end at snapshot ${stop.name}`);
  } else if (cur.segment !== job.toSegment) throw new Error('the part did not reach its last segment');
  folder.settle();
  return { progress: folder.save(), end: { ...cur }, tick };
}

/** The parts joined, in order: the last part's fold, cursor and tick, with every part's proofs. */
export function joinSpans(results: readonly SpanResult[]): { progress: FoldProgress; from: Cursor; tick: number | null } {
  const last = results.at(-1)!;
  const proofs = results.map((r) => r.progress);
  const snapshotSeq = proofs.reduce<number | null>((seq, p) => p.snapshotSeq ?? seq, null);
  const hashAtPin = proofs.find((p) => p.hashAtPin !== undefined)?.hashAtPin;
  const { state, batch, open, boundary, claims } = last.progress;
  const progress: FoldProgress = {
    state: deepFreeze(state),
    batch,
    open,
    boundary,
    claims,
    proven: proofs.reduce((sum, p) => sum + p.proven, 0),
    snapshotSeq,
    unproven: proofs.flatMap((p) => p.unproven),
    ...(hashAtPin === undefined ? {} : { hashAtPin }),
  };
  return { progress, from: last.end, tick: last.tick };
}
