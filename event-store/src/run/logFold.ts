import { canonical, fold, sha256Hex, type Config, type State, type TickfoldEvent } from '@tickfold/core';
import { assertInvariants, beginSession } from '@tickfold/core/internal';
import type { Cursor, StoredEvent } from '../log/cursor.js';
import { periodOf, type Rotation } from '../log/rotation.js';
import { storeError } from '../errors.js';

/** The fold checks the invariants at the first tick's end past each multiple of this seq. */
const FOLD_BATCH = 1024;

/** A snapshot that is not the fold of the log to its seq (or fails its own checks): never used. */
export interface UnprovenSnapshot {
  readonly name: string;
  readonly reason: string;
}

/** A snapshot that passed its own checks, waiting to be proven when the fold reaches its seq. */
export interface SnapshotClaim {
  readonly name: string;
  readonly seq: number;
  readonly stateHash: string;
}

/** What the fold knows of the run: fixed for a whole read. */
export interface FoldSetup {
  readonly config: Config;
  readonly configHash: string;
  readonly rotation: Rotation;
  /** Record the stored hash at this seq (a head pinned by verify). */
  readonly pinSeq?: number;
}

/**
 * Where a fold of the log stands: plain data (no class, no function), so it can be handed from
 * one thread to the next (see log/parts.ts) as well as kept in one loop.
 */
export interface FoldProgress {
  state: State;
  /** Events read but not folded yet: the batch folds (and invariants are checked) at a tick's end. */
  batch: TickfoldEvent[];
  /** Events since the last tick boundary. */
  open: number;
  /** After the last complete tick (or session event). */
  boundary: Cursor;
  /** Snapshots not reached yet, by seq. */
  claims: SnapshotClaim[];
  proven: number;
  snapshotSeq: number | null;
  unproven: UnprovenSnapshot[];
  hashAtPin?: string;
}

/** A tick's end, or a session event: where a fold's batch may end and a resume may start. */
export const isBoundary = (e: TickfoldEvent): boolean => e.type === 'Heartbeat' || e.type === 'SessionStarted' || e.type === 'SessionEnded';

/**
 * The fold half of reading a run: takes checked lines in seq order, folds them in batches (the
 * invariants checked after each), enforces session order and the manifest's config, and proves
 * each snapshot as the fold reaches its seq. Recovery runs it over one scan of the log; each
 * thread of a parallel read (log/parts.ts) runs one over its part of the lines, with batches
 * ending at the same seqs.
 */
export class LogFold {
  private readonly claims: Map<number, SnapshotClaim>;

  constructor(
    private readonly setup: FoldSetup,
    readonly progress: FoldProgress,
  ) {
    this.claims = new Map(progress.claims.map((c) => [c.seq, c]));
  }

  /** Folds one checked line; `end` is the scan's cursor after it (copied only at a tick's end). */
  push(stored: StoredEvent, end: Cursor): void {
    const { event, segment, offset } = stored;
    const p = this.progress;
    const { config } = this.setup;
    if (event.type === 'SessionStarted' && event.data.configHash !== this.setup.configHash) {
      throw storeError('E_MANIFEST_MISMATCH', `SessionStarted (seq ${event.seq}, segment ${segment}, byte ${offset}) has configHash ${event.data.configHash}, the manifest ${this.setup.configHash}; the log belongs to another run`, { seq: event.seq, segment, offset });
    }
    // Session events flush the batch, so `state.status` is current whenever these are checked.
    const status = p.state.status;
    if (status === 'ended' || (status === 'new') !== (event.type === 'SessionStarted')) {
      const why = status === 'ended' ? 'after SessionEnded' : status === 'new' ? 'before SessionStarted' : 'as a second SessionStarted';
      throw storeError('E_LOG_ORDER', `seq ${event.seq} (${event.type}, segment ${segment}, byte ${offset}) comes ${why}`, { seq: event.seq, segment, offset });
    }
    if (event.seq === this.setup.pinSeq) p.hashAtPin = stored.hash;
    // Every boundary flushed the batch, so it is empty when SessionStarted comes.
    if (event.type === 'SessionStarted') p.state = beginSession(config, event);
    else p.batch.push(event);
    p.open += 1;
    const boundary = isBoundary(event);
    if (boundary) {
      // Where batches end depends on seqs alone, not on where the last one ended: a parallel
      // read that also folds where its part ends checks the same states as one scan, and more.
      const crossed = Math.floor(event.seq / FOLD_BATCH) !== Math.floor(p.boundary.seq / FOLD_BATCH);
      p.open = 0;
      p.boundary = { ...end, day: periodOf(event.time, this.setup.rotation) };
      if (crossed || event.type !== 'Heartbeat') this.flush();
    }
    if (this.claims.size > 0 && this.claims.has(event.seq)) this.prove(event.seq, boundary);
  }

  /** Folds what is left of the last complete tick; the events of an unfinished tick are not folded. */
  finish(): void {
    this.progress.batch.length -= this.progress.open;
    this.flush();
  }

  /**
   * Folds the batch up to the last tick's end (the events of an open tick stay in it): a part's
   * end in a parallel read, or a snapshot's seq there.
   */
  settle(): void {
    const p = this.progress;
    if (p.batch.length === p.open) return;
    const open = p.batch.splice(p.batch.length - p.open, p.open);
    this.flush();
    p.batch = open;
  }

  /** Snapshots the fold never reached, in the order they were claimed. */
  unreached(): SnapshotClaim[] {
    return [...this.claims.values()];
  }

  /** The progress with the claims still open. */
  save(): FoldProgress {
    return { ...this.progress, claims: this.unreached() };
  }

  private flush(): void {
    const p = this.progress;
    if (p.batch.length === 0) return;
    p.state = fold(p.state, p.batch);
    assertInvariants(p.state, this.setup.config.broker.maxPosition);
    p.batch = [];
  }

  private prove(seq: number, atBoundary: boolean): void {
    const p = this.progress;
    const c = this.claims.get(seq)!;
    this.claims.delete(seq);
    if (atBoundary) this.flush();
    const failed = disproof(c, atBoundary ? p.state : null);
    if (failed) return void p.unproven.push(failed);
    p.proven += 1;
    p.snapshotSeq = seq;
  }
}

/**
 * Why a snapshot is not the fold of the log to its seq, or null when it is: `state` is the fold
 * there, null when the seq does not end a tick. One rule for the single scan and the parallel read.
 */
export function disproof(claim: SnapshotClaim, state: State | null): UnprovenSnapshot | null {
  if (state === null) return { name: claim.name, reason: `seq ${claim.seq} is not the end of a tick in the log` };
  if (sha256Hex(canonical(state)) !== claim.stateHash) {
    return { name: claim.name, reason: `its state is not the fold of the log to seq ${claim.seq} (the snapshot, or the log with its chain recomputed, was changed)` };
  }
  return null;
}
