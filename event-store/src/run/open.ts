import type { Config, State, StrategyRegistry } from '@tickfold/core';
import { nodeFileLayer, type FileLayer } from '../fileLayer.js';
import { defaultPolicy, isRecomputable, type DurabilityPolicy } from '../log/durability.js';
import type { Damage } from '../log/scan.js';
import type { OpsLogOptions } from '../ops/opsLog.js';
import { DEFAULT_KEEP_SNAPSHOTS, makeLockLost, onThread, opsSinks } from './create.js';
import { cutLog, setAside } from './cut.js';
import { assertNoSymlinks } from './symlinks.js';
import { storeError } from '../errors.js';
import { acquireLock } from './lock.js';
import { readManifest, type Manifest } from './manifest.js';
import { recover } from './recover.js';
import type { PartOptions } from '../log/parts.js';
import { openWriter, type RunWriter } from './writer.js';

export interface OpenRunOptions {
  /** Keep the valid prefix when the log is damaged before its tail, instead of failing. */
  readonly salvage?: boolean;
  /** Take the lock, cut what is past the last complete tick and return a writer to resume. */
  readonly forWrite?: boolean;
  /**
   * 'full' (default): verify and fold the whole log and prove every snapshot against it (a
   * snapshot is used only once the fold reaches its seq with the same state). 'tail': trust the
   * newest snapshot that passes its own checks and the segment joints, unproven: a fast look for
   * read-only opens; ignored with forWrite, which always proves.
   */
  readonly verify?: 'tail' | 'full';
  /** Threads of a full read (default: one per core on a long log, see log/parts.ts); the result is the same either way. */
  readonly parallel?: PartOptions;
  readonly policy?: DurabilityPolicy;
  readonly registry?: StrategyRegistry;
  readonly fs?: FileLayer;
  readonly keepSnapshots?: number;
  readonly opsLog?: boolean | OpsLogOptions;
  readonly nowMs?: () => number;
  /** See createRun's `thread`. */
  readonly thread?: boolean;
}

export interface OpenedRun {
  readonly manifest: Manifest;
  readonly config: Config;
  readonly state: State;
  readonly head: string;
  readonly seq: number;
  readonly tick: number;
  readonly ended: boolean;
  /** Snapshots skipped, a torn tail or unfinished tick cut off (and where its bytes went). */
  readonly warnings: string[];
  readonly damage: Damage | null;
  /** seq of the newest snapshot proven against the log (with verify 'tail': trusted), or null. */
  readonly snapshotSeq: number | null;
  /** With forWrite, unless the session has ended: appends at seq + 1. */
  readonly writer?: RunWriter;
  /**
   * What to give the engine to continue: `createEngine(config, { resume: run.resume, … })`.
   * Undefined when the session never started (a crash before SessionStarted was durable: run
   * the engine without `resume` and it starts the session) or has ended.
   */
  readonly resume?: { readonly state: State; readonly head: string };
}

/**
 * Opens a run: newest valid snapshot, then the log after it. With `forWrite` also resumes:
 * see README "Recovery". A session that has ended cannot be resumed (no writer, `ended: true`).
 *
 * @example const run = openRun('runs/a', { forWrite: true }); await createEngine(run.config, { feed, sinks: [run.writer!], resume: run.resume }).run({ ticks: 100 });
 */
export function openRun(dir: string, options: OpenRunOptions = {}): OpenedRun {
  const fs = options.fs ?? nodeFileLayer;
  const manifest = readManifest(dir, fs);
  if (options.forWrite) assertNoSymlinks(dir);
  const lock = makeLockLost(dir);
  const release = options.forWrite ? acquireLock(dir, lock.onLost) : () => {};
  try {
    const r = recover(dir, fs, manifest, { ...options, verify: options.forWrite ? 'full' : options.verify ?? 'full' });
    if (options.forWrite && !options.salvage && r.unproven.length > 0) {
      const list = r.unproven.map((u) => `${u.name}: ${u.reason}`).join('; ');
      throw storeError('E_SNAPSHOT_INVALID', `${dir}: snapshot(s) the log does not prove: ${list}; the log itself is intact, so move the listed files out of snapshots/ (they are only a cache), or resume with salvage, which moves them to broken/`, { dir, snapshots: r.unproven.map((u) => u.name) });
    }
    const warnings = [...r.warnings];
    const ended = r.state.status === 'ended';
    const pastBoundary = r.end.segment !== r.boundary.segment || r.end.offset !== r.boundary.offset || r.damage !== null;
    let writer: RunWriter | undefined;
    if (options.forWrite && !ended) {
      for (const u of r.unproven) {
        const moved = setAside(dir, fs, u.name);
        if (moved) warnings.push(`salvage: moved snapshot ${u.name} to ${moved}`);
      }
      if (pastBoundary) {
        const saved = cutLog(dir, fs, r.boundary);
        if (saved) warnings.push(`cut the log back to seq ${r.boundary.seq}; the bytes after it are kept in ${saved}`);
      }
      const policy = options.policy ?? defaultPolicy(manifest.config);
      writer = openWriter({
        dir,
        fs,
        thread: onThread(options, manifest.config),
        policy,
        recomputable: isRecomputable(manifest.config),
        segmentMaxBytes: manifest.segmentMaxBytes,
        rotation: manifest.rotation,
        snapshotEvery: manifest.snapshotEvery,
        keepSnapshots: options.keepSnapshots ?? DEFAULT_KEEP_SNAPSHOTS,
        at: r.boundary,
        nowMs: options.nowMs ?? (() => performance.now()),
        release,
        sinks: opsSinks(dir, options.opsLog, manifest.rotation),
        lockLost: lock.lost,
      });
    } else {
      release();
      if (pastBoundary && !ended) warnings.push(`the log continues past seq ${r.boundary.seq} with an unfinished tick or damage; resuming (forWrite) cuts it off`);
    }
    const { state } = r;
    const head = r.boundary.head;
    const resume = state.status === 'running' ? { resume: { state, head } } : {};
    return { manifest, config: manifest.config, state, head, seq: state.seq, tick: state.tick, ended, warnings, damage: r.damage, snapshotSeq: r.snapshotSeq, ...(writer ? { writer } : {}), ...resume };
  } catch (e) {
    release();
    throw e;
  }
}
