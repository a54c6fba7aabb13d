import { assertInvariants, fold, initialState, type Config, type State, type StrategyRegistry, type TickfoldEvent } from '@tickfold/core';
import type { FileLayer } from '../fileLayer.js';
import { scanLog, startCursor, type Cursor, type Damage } from '../log/scan.js';
import { checkSegmentLinks } from '../log/links.js';
import { listSegments } from '../log/segments.js';
import { listSnapshots, loadSnapshot } from '../snapshot/load.js';
import { storeError } from '../errors.js';
import type { Manifest } from './manifest.js';
import { periodOf } from '../log/rotation.js';

const FOLD_BATCH = 1024;

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
  readonly snapshotSeq: number | null;
  readonly warnings: string[];
}

const isBoundary = (e: TickfoldEvent): boolean => e.type === 'Heartbeat' || e.type === 'SessionStarted' || e.type === 'SessionEnded';

/**
 * Newest snapshot that validates, then the log after it folded in batches (invariants checked
 * per batch). Snapshots that fail a check are skipped with a warning, never repaired.
 */
export interface RecoverOptions {
  readonly salvage?: boolean;
  readonly registry?: StrategyRegistry;
  /** 'full': also verify every line before the snapshot (as verifyRun does). Default 'tail'. */
  readonly verify?: 'tail' | 'full';
}

/** Checks the log before a snapshot: its segment joints ('tail') or every line ('full'). */
function checkPrefix(dir: string, fs: FileLayer, from: Cursor, verify: 'tail' | 'full'): void {
  if (verify === 'tail') return checkSegmentLinks(dir, fs, listSegments(dir, fs), from.segment);
  const cur = startCursor();
  for (const { event } of scanLog(dir, { fs, cursor: cur })) if (event.seq >= from.seq) break;
  if (cur.seq !== from.seq || cur.head !== from.head) {
    throw storeError('E_LOG_HASH_MISMATCH', `the log's hash at seq ${from.seq} differs from the snapshot's; the log was changed after it was written; run 'tickfold verify'`, { seq: from.seq });
  }
}

export function recover(dir: string, fs: FileLayer, manifest: Manifest, options: RecoverOptions): Recovered {
  const config: Config = manifest.config;
  const warnings: string[] = [];
  let state: State | null = null;
  let from = startCursor();
  let snapshotSeq: number | null = null;
  for (const name of listSnapshots(dir, fs)) {
    const check = loadSnapshot(dir, fs, name, config);
    if (check.ok) {
      const s = check.snapshot;
      state = s.state;
      snapshotSeq = s.seq;
      from = { segment: Number(s.position.segment.slice(0, 6)), offset: s.position.end, line: s.position.line, seq: s.seq, head: s.head, day: periodOf(check.day, manifest.rotation) };
      break;
    }
    warnings.push(`snapshot ${name} ignored (${check.reason}); the state is rebuilt from the log`);
  }
  if (state) checkPrefix(dir, fs, from, options.verify ?? 'tail');
  // SessionStarted records the window size: reading a run never loads strategy code.
  state ??= initialState(config, config.data.minBars);

  const end: Cursor = { ...from };
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
  const scan = scanLog(dir, { fs, from, cursor: end, salvage: options.salvage ?? false, onDamage: (d) => (damage = d) });
  for (const { event, segment, offset } of scan) {
    if (event.type === 'SessionStarted' && event.data.configHash !== manifest.configHash) {
      throw storeError('E_MANIFEST_MISMATCH', `SessionStarted (seq ${event.seq}, segment ${segment}, byte ${offset}) has configHash ${event.data.configHash}, the manifest ${manifest.configHash}; the log belongs to another run`, { seq: event.seq, segment, offset });
    }
    // Session events flush the batch, so `state.status` is current whenever these are checked.
    const misplaced = state.status === 'ended' || (state.status === 'new') !== (event.type === 'SessionStarted');
    if (misplaced) {
      const why = state.status === 'ended' ? 'after SessionEnded' : state.status === 'new' ? 'before SessionStarted' : 'as a second SessionStarted';
      throw storeError('E_LOG_ORDER', `seq ${event.seq} (${event.type}, segment ${segment}, byte ${offset}) comes ${why}`, { seq: event.seq, segment, offset });
    }
    batch.push(event);
    open += 1;
    if (isBoundary(event)) {
      open = 0;
      boundary = { ...end, day: periodOf(event.time, manifest.rotation) };
      if (batch.length >= FOLD_BATCH || event.type !== 'Heartbeat') flush();
    }
  }
  // Events of an unfinished tick are not folded: the tick is the unit of durability.
  batch.length -= open;
  flush();
  const d = damage as Damage | null;
  if (d) warnings.push(`${d.salvaged ? 'salvage: ' : ''}${d.code} at seq ${d.seq} (segment ${d.segment}, byte ${d.offset}, ${d.bytes} bytes to the end): ${d.message}`);
  if (open > 0) warnings.push(`the last tick has no Heartbeat: its ${open} events (seq ${boundary.seq + 1}–${end.seq}) are not part of the recovered state`);
  return { state, boundary, end, damage: d, openTickEvents: open, snapshotSeq, warnings };
}
