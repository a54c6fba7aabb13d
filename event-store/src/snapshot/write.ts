import { sha256Hex } from '@tickfold/core';
import type { FileLayer } from '../fileLayer.js';
import { SNAPSHOT_RE, snapshotName, snapshotSeq, snapshotsDir } from '../layout.js';
import { SNAPSHOT_FORMAT, type Snapshot } from './format.js';
import { join } from 'node:path';

/** A state as a snapshot stores it: its seq, tick and canonical bytes (serialized where the state lives). */
export interface StateBytes {
  readonly seq: number;
  readonly tick: number;
  readonly canonical: string;
}

/**
 * Older snapshots kept beyond the newest `keep`, spread along the log: where a reader may start
 * mid-log (a parallel read's second thread, log/parts.ts; `readRun({ fromSeq })`).
 */
export const ANCHOR_SNAPSHOTS = 8;

/**
 * Writes a snapshot atomically (temp file, fsync, rename, fsync of the directory) and keeps the
 * newest `keep` and up to ANCHOR_SNAPSHOTS older ones spread along the log (`retainedSeqs`). The
 * caller fsyncs the log first: a snapshot must never be ahead of the durable log.
 */
export function writeSnapshot(dir: string, fs: FileLayer, state: StateBytes, head: string, position: Snapshot['position'], keep: number): void {
  const stateHash = sha256Hex(state.canonical);
  // Keys in sorted order, so JSON.stringify writes the canonical form (this also runs on the
  // writer thread, which loads core's hash module alone); the state's canonical bytes are reused as they are.
  const { end, line, offset, segment } = position;
  const header = { format: SNAPSHOT_FORMAT, head, position: { end, line, offset, segment }, seq: state.seq, stateHash, tick: state.tick };
  const body = `${JSON.stringify(header).slice(0, -1)},"state":${state.canonical}}\n`;
  const sdir = snapshotsDir(dir);
  fs.writeFileAtomic(join(sdir, snapshotName(state.seq)), body);
  // Unlinked only after the new one is in place: a crash between leaves one file too many, never one too few.
  const names = fs.list(sdir).filter((n) => SNAPSHOT_RE.test(n)).sort();
  const kept = new Set(retainedSeqs(names.map(snapshotSeq), keep));
  const old = names.filter((n) => !kept.has(snapshotSeq(n)));
  for (const name of old) fs.unlink(join(sdir, name));
  if (old.length > 0) fs.fsyncDir(sdir);
}

/**
 * Which snapshots to keep of those at `seqs` (ascending): the newest `keep`, and of the older
 * ones at most `anchors`. While there are more, the one dropped is the one whose removal leaves
 * the smallest gap between its neighbours (genesis, seq 0, before the first; the oldest of the
 * newest `keep` after the last; the older one on a tie), so the anchors stay spread as the log
 * grows, and what is kept depends on the sequence of writes alone.
 *
 * Bound (retention.spec.ts): every gap between neighbours from genesis to the oldest of the
 * newest `keep` (at seq L) is at most the longest stretch between two writes (genesis counting
 * as one) or 2·L/(anchors + 1). A gap made by a drop is the smallest of anchors + 1 sums of two
 * neighbouring gaps, which together count each gap at most twice: at most 2·L/(anchors + 1)
 * of the L then, and L only grows.
 */
export function retainedSeqs(seqs: readonly number[], keep: number, anchors = ANCHOR_SNAPSHOTS): number[] {
  const split = Math.max(0, seqs.length - Math.max(0, keep));
  const newest = seqs.slice(split);
  const older = seqs.slice(0, split);
  while (older.length > anchors) {
    let drop = 0;
    let smallest = Infinity;
    for (let i = 0; i < older.length; i++) {
      const gap = (older[i + 1] ?? newest[0] ?? older[i]!) - (older[i - 1] ?? 0);
      if (gap < smallest) {
        smallest = gap;
        drop = i;
      }
    }
    older.splice(drop, 1);
  }
  return [...older, ...newest];
}
