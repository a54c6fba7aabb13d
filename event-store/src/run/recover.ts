import { canonical, fold, initialState, sha256Hex, type Config, type State, type StrategyRegistry, type TickfoldEvent } from '@tickfold/core';
import { assertInvariants, beginSession } from '@tickfold/core/internal';
import type { FileLayer } from '../fileLayer.js';
import { scanLog, startCursor, type Cursor, type Damage, type StoredEvent } from '../log/scan.js';
import { cursorAfter } from '../log/cursor.js';
import { checkSegmentLinks } from '../log/links.js';
import { listSegments } from '../log/segments.js';
import { listSnapshots, loadSnapshot } from '../snapshot/load.js';
import type { Snapshot } from '../snapshot/format.js';
import { storeError } from '../errors.js';
import type { Manifest } from './manifest.js';
import { periodOf } from '../log/rotation.js';

const FOLD_BATCH = 1024;

/** A snapshot that is not the fold of the log to its seq (or fails its own checks): never used. */
export interface UnprovenSnapshot {
  readonly name: string;
  readonly reason: string;
}

/** The result of reading a run back: state after the last complete tick and where the log should end. */
export interface Recovered {
  readonly state: State;
  /** After the last complete tick (or session event): where a resumed writer appends. */
  readonly boundary: Cursor;
  /** After the last valid line. Bytes past `boundary` are an open tick or damage: cut on resume. */
  readonly end: Cursor;
  readonly damage: Damage | null;
  /** Events of a tick with no Heartbeat at the end of the log. */
  readonly openTickEvents: number;
  /** seq of the newest snapshot proven to be the fold of the log (or, with verify 'tail', trusted), or null. */
  readonly snapshotSeq: number | null;
  /** Snapshots proven to be the fold of the log to their seq. */
  readonly proven: number;
  readonly unproven: readonly UnprovenSnapshot[];
  readonly warnings: string[];
}

const isBoundary = (e: TickfoldEvent): boolean => e.type === 'Heartbeat' || e.type === 'SessionStarted' || e.type === 'SessionEnded';

export interface RecoverOptions {
  readonly salvage?: boolean;
  readonly registry?: StrategyRegistry;
  /**
   * 'full' (default): fold the whole log from genesis and prove every snapshot against it.
   * 'tail': trust the newest snapshot that passes its own checks and the log's segment joints,
   * and fold only after it: fast, but the snapshot's state is not proven (read-only opens only).
   */
  readonly verify?: 'tail' | 'full';
  /** Receives the scan's position as it advances (still current after a throw). */
  readonly cursor?: Cursor;
  /** Sees every valid line, in order. */
  readonly onEvent?: (stored: StoredEvent) => void;
}

interface Candidate {
  readonly name: string;
  readonly snapshot: Snapshot;
  readonly day: string;
}

const cursorOf = (c: Candidate, manifest: Manifest): Cursor => cursorAfter(c.snapshot, periodOf(c.day, manifest.rotation));

/**
 * Reads a run back. By default the whole log is verified and folded from genesis in batches
 * (invariants checked per batch), and every snapshot is proven on the way: the folded state at
 * its seq must hash to its stateHash. A snapshot that fails is listed in `unproven`, never used
 * and never repaired. Snapshots thus cost nothing to trust: a forged one cannot change a resume.
 */
export function recover(dir: string, fs: FileLayer, manifest: Manifest, options: RecoverOptions): Recovered {
  const config: Config = manifest.config;
  const warnings: string[] = [];
  const unproven: UnprovenSnapshot[] = [];
  const candidates = new Map<number, Candidate>();
  for (const name of listSnapshots(dir, fs)) {
    const check = loadSnapshot(dir, fs, name, config);
    if (check.ok) candidates.set(check.snapshot.seq, { name, snapshot: check.snapshot, day: check.day });
    else unproven.push({ name, reason: check.reason });
  }

  let state: State | null = null;
  let from = startCursor();
  let snapshotSeq: number | null = null;
  let proven = 0;
  if (options.verify === 'tail' && candidates.size > 0) {
    const newest = candidates.get(Math.max(...candidates.keys()))!;
    from = cursorOf(newest, manifest);
    checkSegmentLinks(dir, fs, listSegments(dir, fs), from.segment);
    state = newest.snapshot.state;
    snapshotSeq = newest.snapshot.seq;
    candidates.clear();
  }
  // SessionStarted records the window size: reading a run never loads strategy code.
  state ??= initialState(config, config.data.minBars);

  const end: Cursor = Object.assign(options.cursor ?? startCursor(), from);
  let boundary: Cursor = { ...from };
  let damage: Damage | null = null;
  let batch: TickfoldEvent[] = [];
  let open = 0;
  const flush = () => {
    if (batch.length === 0) return;
    state = fold(state!, batch);
    assertInvariants(state, config.broker.maxPosition);
    batch = [];
  };
  const prove = (seq: number, atBoundary: boolean) => {
    const c = candidates.get(seq)!;
    candidates.delete(seq);
    if (!atBoundary) return void unproven.push({ name: c.name, reason: `seq ${seq} is not the end of a tick in the log` });
    flush();
    if (sha256Hex(canonical(state)) !== c.snapshot.stateHash) {
      return void unproven.push({ name: c.name, reason: `its state is not the fold of the log to seq ${seq} (the snapshot, or the log with its chain recomputed, was changed)` });
    }
    proven += 1;
    snapshotSeq = seq;
  };
  const scan = scanLog(dir, { fs, from, cursor: end, salvage: options.salvage ?? false, onDamage: (d) => (damage = d) });
  for (const stored of scan) {
    const { event, segment, offset } = stored;
    options.onEvent?.(stored);
    if (event.type === 'SessionStarted' && event.data.configHash !== manifest.configHash) {
      throw storeError('E_MANIFEST_MISMATCH', `SessionStarted (seq ${event.seq}, segment ${segment}, byte ${offset}) has configHash ${event.data.configHash}, the manifest ${manifest.configHash}; the log belongs to another run`, { seq: event.seq, segment, offset });
    }
    // Session events flush the batch, so `state.status` is current whenever these are checked.
    const misplaced = state.status === 'ended' || (state.status === 'new') !== (event.type === 'SessionStarted');
    if (misplaced) {
      const why = state.status === 'ended' ? 'after SessionEnded' : state.status === 'new' ? 'before SessionStarted' : 'as a second SessionStarted';
      throw storeError('E_LOG_ORDER', `seq ${event.seq} (${event.type}, segment ${segment}, byte ${offset}) comes ${why}`, { seq: event.seq, segment, offset });
    }
    // Every boundary flushed the batch, so it is empty when SessionStarted comes.
    if (event.type === 'SessionStarted') state = beginSession(config, event);
    else batch.push(event);
    open += 1;
    if (isBoundary(event)) {
      open = 0;
      boundary = { ...end, day: periodOf(event.time, manifest.rotation) };
      if (batch.length >= FOLD_BATCH || event.type !== 'Heartbeat') flush();
    }
    if (candidates.has(event.seq)) prove(event.seq, isBoundary(event));
  }
  // Events of an unfinished tick are not folded: the tick is the unit of durability.
  batch.length -= open;
  flush();
  // Left over: snapshots past the valid log (only when salvaging; otherwise the scan threw E_LOG_LOST).
  for (const [seq, c] of candidates) unproven.push({ name: c.name, reason: `seq ${seq} is past the end of the valid log (seq ${end.seq})` });
  const d = damage as Damage | null;
  if (d) warnings.push(`${d.salvaged ? 'salvage: ' : ''}${d.code} at seq ${d.seq} (segment ${d.segment}, byte ${d.offset}, ${d.bytes} bytes to the end): ${d.message}`);
  if (open > 0) warnings.push(`the last tick has no Heartbeat: its ${open} events (seq ${boundary.seq + 1}–${end.seq}) are not part of the recovered state`);
  for (const u of unproven) warnings.push(`snapshot ${u.name} is not used (${u.reason})`);
  return { state, boundary, end, damage: d, openTickEvents: open, snapshotSeq, proven, unproven, warnings };
}
