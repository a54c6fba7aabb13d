import { sha256Hex } from '@tickfold/core';
import type { FileLayer } from '../fileLayer.js';
import { SNAPSHOT_RE, snapshotName, snapshotsDir } from '../layout.js';
import { SNAPSHOT_FORMAT, type Snapshot } from './format.js';
import { join } from 'node:path';

/** A state as a snapshot stores it: its seq, tick and canonical bytes (serialized where the state lives). */
export interface StateBytes {
  readonly seq: number;
  readonly tick: number;
  readonly canonical: string;
}

/**
 * Writes a snapshot atomically (temp file, fsync, rename, fsync of the directory) and keeps the
 * newest `keep`. The caller fsyncs the log first: a snapshot must never be ahead of the durable log.
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
  const names = fs.list(sdir).filter((n) => SNAPSHOT_RE.test(n)).sort();
  const old = names.slice(0, Math.max(0, names.length - keep));
  for (const name of old) fs.unlink(join(sdir, name));
  if (old.length > 0) fs.fsyncDir(sdir);
}
