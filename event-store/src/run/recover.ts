import { initialState, type Config, type State, type StrategyRegistry } from '@tickfold/core';
import type { FileLayer } from '../fileLayer.js';
import { LogScan, startCursor, type Cursor, type Damage } from '../log/scan.js';
import { foldInParts, planRead, startPartThreads, type PartOptions, type PartThreads, type ReadPlan } from '../log/parts.js';
import type { Anchor } from '../log/spans.js';
import { LogFold, type FoldProgress, type FoldSetup, type UnprovenSnapshot } from './logFold.js';
import { cursorAfter } from '../log/cursor.js';
import { checkSegmentLinks } from '../log/links.js';
import { listSegments } from '../log/segments.js';
import { listSnapshots, loadSnapshot } from '../snapshot/load.js';
import type { Snapshot } from '../snapshot/format.js';
import { readManifest, type Manifest } from './manifest.js';
import { periodOf } from '../log/rotation.js';

export type { UnprovenSnapshot } from './logFold.js';

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
  /** The stored hash at `pinSeq`, when the log reaches it. */
  readonly hashAtPin?: string | undefined;
}

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
  /** Record the log's hash at this seq (`hashAtPin`): a head pinned by verify. */
  readonly pinSeq?: number;
  /** How the log before its last segment is read on several threads (log/parts.ts); `{ threads: 1 }` reads it in one scan. */
  readonly parallel?: PartOptions;
}

interface Candidate {
  readonly name: string;
  readonly snapshot: Snapshot;
  readonly day: string;
}

const cursorOf = (c: Candidate, manifest: Manifest): Cursor => cursorAfter(c.snapshot, periodOf(c.day, manifest.rotation));

/** The run's snapshots that pass their own checks (by seq), and why the others do not. */
function snapshotCandidates(dir: string, fs: FileLayer, config: Config): { candidates: Map<number, Candidate>; failed: UnprovenSnapshot[] } {
  const failed: UnprovenSnapshot[] = [];
  const candidates = new Map<number, Candidate>();
  for (const name of listSnapshots(dir, fs)) {
    const check = loadSnapshot(dir, fs, name, config);
    if (check.ok) candidates.set(check.snapshot.seq, { name, snapshot: check.snapshot, day: check.day });
    else failed.push({ name, reason: check.reason });
  }
  return { candidates, failed };
}

/** Where a part of a full read may start (log/spans.ts): only an assumption until the part before proves it. */
const anchorsOf = (candidates: Map<number, Candidate>, manifest: Manifest): Anchor[] =>
  [...candidates.values()].map((c) => ({ name: c.name, seq: c.snapshot.seq, tick: c.snapshot.tick, at: cursorOf(c, manifest), state: c.snapshot.state }));

/** How a full read of the run goes with `parallel` (one scan, or split by position or by symbol): for benchmarks and tests. */
export function readPlanOf(dir: string, fs: FileLayer, parallel?: PartOptions): ReadPlan & { readonly anchors: readonly Anchor[] } {
  const manifest = readManifest(dir, fs);
  const anchors = anchorsOf(snapshotCandidates(dir, fs, manifest.config).candidates, manifest);
  return { ...planRead(dir, fs, anchors, parallel), anchors };
}

/**
 * Reads a run back. By default the whole log is verified and folded from genesis in batches
 * (invariants checked per batch), and every snapshot is proven on the way: the folded state at
 * its seq must hash to its stateHash. A snapshot that fails is listed in `unproven`, never used
 * and never repaired. Snapshots thus cost nothing to trust: a forged one cannot change a resume.
 */
export function recover(dir: string, fs: FileLayer, manifest: Manifest, options: RecoverOptions): Recovered {
  // The threads of a parallel read (see recoverWith) start now, so that their start-up overlaps the snapshots' checks.
  const threads = options.verify === 'tail' || fs.onDisk !== true ? null : startPartThreads(dir, fs, options.parallel);
  try {
    return recoverWith(dir, fs, manifest, options, threads);
  } finally {
    threads?.close();
  }
}

function recoverWith(dir: string, fs: FileLayer, manifest: Manifest, options: RecoverOptions, threads: PartThreads | null): Recovered {
  const config: Config = manifest.config;
  const warnings: string[] = [];
  const { candidates, failed } = snapshotCandidates(dir, fs, config);

  let state: State | null = null;
  let from = startCursor();
  let snapshotSeq: number | null = null;
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

  const setup: FoldSetup = { config, configHash: manifest.configHash, rotation: manifest.rotation, ...(options.pinSeq === undefined ? {} : { pinSeq: options.pinSeq }) };
  const claims = [...candidates.values()].map((c) => ({ name: c.name, seq: c.snapshot.seq, stateHash: c.snapshot.stateHash }));
  let progress: FoldProgress = { state, batch: [], open: 0, boundary: { ...from }, claims, proven: 0, snapshotSeq, unproven: failed };
  let tick: number | null = null;
  // The log before its last segment may be read on several threads (log/parts.ts); the last
  // segment, where a crash leaves its damage, is always read here, by the scan that judges an end.
  // Snapshots that passed their own checks may start a part: each is proven before its part counts.
  const prefix = threads === null ? null : foldInParts(dir, fs, setup, progress, options.parallel, anchorsOf(candidates, manifest), threads);
  if (prefix) ({ progress, from, tick } = prefix);
  const end: Cursor = Object.assign(options.cursor ?? startCursor(), from);
  let damage: Damage | null = null;
  const folder = new LogFold(setup, progress);
  const scan = new LogScan(dir, { fs, from, cursor: end, tick, salvage: options.salvage ?? false, onDamage: (d) => (damage = d) });
  try {
    for (let stored = scan.next(); stored !== null; stored = scan.next()) folder.push(stored, end);
  } finally {
    scan.close();
  }
  folder.finish();
  const p = folder.progress;
  const unproven = [...p.unproven];
  // Left over: snapshots past the valid log (only when salvaging; otherwise the scan threw E_LOG_LOST).
  for (const c of folder.unreached()) unproven.push({ name: c.name, reason: `seq ${c.seq} is past the end of the valid log (seq ${end.seq})` });
  const d = damage as Damage | null;
  if (d) warnings.push(`${d.salvaged ? 'salvage: ' : ''}${d.code} at seq ${d.seq} (segment ${d.segment}, byte ${d.offset}, ${d.bytes} bytes to the end): ${d.message}`);
  if (p.open > 0) warnings.push(`the last tick has no Heartbeat: its ${p.open} events (seq ${p.boundary.seq + 1}–${end.seq}) are not part of the recovered state`);
  for (const u of unproven) warnings.push(`snapshot ${u.name} is not used (${u.reason})`);
  return { state: p.state, boundary: p.boundary, end, damage: d, openTickEvents: p.open, snapshotSeq: p.snapshotSeq, proven: p.proven, unproven, warnings, hashAtPin: p.hashAtPin };
}
