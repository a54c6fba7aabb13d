import { canonical, sha256Hex, type Config, type State } from '@tickfold/core';
import { checkInvariants, deepFreeze } from '@tickfold/core/internal';
import { join } from 'node:path';
import type { FileLayer } from '../fileLayer.js';
import { SEGMENT_RE, SNAPSHOT_RE, segmentPath, snapshotsDir } from '../layout.js';
import { isFramed, lineHash, lineCanonical } from '../log/line.js';
import { SNAPSHOT_FORMAT, type Snapshot } from './format.js';

/** A usable snapshot comes with the UTC date of its line's event (rotation continues from it). */
export type SnapshotCheck = { readonly ok: true; readonly snapshot: Snapshot; readonly day: string } | { readonly ok: false; readonly name: string; readonly reason: string };

const HEX64 = /^[0-9a-f]{64}$/;
const isInt = (v: unknown, min = 0): v is number => Number.isSafeInteger(v) && (v as number) >= min;

/** Snapshot files of a run, newest first. */
export const listSnapshots = (dir: string, fs: FileLayer): string[] =>
  fs.list(snapshotsDir(dir)).filter((n) => SNAPSHOT_RE.test(n)).sort().reverse();

function shapeProblem(s: Snapshot, config: Config): string | null {
  if (s.format !== SNAPSHOT_FORMAT) return `format ${String(s.format)} is not ${SNAPSHOT_FORMAT}`;
  if (!isInt(s.seq, 1) || !isInt(s.tick) || typeof s.head !== 'string' || !HEX64.test(s.head)) return 'seq, tick or head is missing or malformed';
  const p = s.position;
  if (!p || typeof p.segment !== 'string' || !SEGMENT_RE.test(p.segment) || !isInt(p.offset) || !isInt(p.end, 1) || !isInt(p.line, 1) || p.end <= p.offset) return 'position is missing or malformed';
  const st = s.state as State | undefined;
  if (!st || typeof st !== 'object' || typeof st.symbols !== 'object' || st.symbols === null) return 'state is missing';
  if (sha256Hex(canonical(st)) !== s.stateHash) return 'stateHash does not match the state (the file was changed or damaged)';
  if (st.seq !== s.seq || st.tick !== s.tick) return `state is at seq ${st.seq}/tick ${st.tick}, the snapshot says ${s.seq}/${s.tick}`;
  if (!['running', 'ended'].includes(st.status) || !isInt(st.windowSize, 1)) return 'state status or windowSize is invalid';
  const symbols = Object.keys(st.symbols).sort().join(',');
  if (symbols !== [...config.symbols].sort().join(',')) return `state symbols ${symbols} differ from the config's`;
  for (const sym of config.symbols) {
    const ss = st.symbols[sym]!;
    if (!ss.portfolio || typeof ss.portfolio.cash !== 'number' || !Array.isArray(ss.bars) || !ss.feed) return `state of ${sym} is incomplete`;
  }
  const problems = checkInvariants(st, config.broker.maxPosition);
  return problems.length > 0 ? `state breaks invariants: ${problems.join('; ')}` : null;
}

function logProblem(dir: string, fs: FileLayer, s: Snapshot): string | { day: string } {
  const path = segmentPath(dir, s.position.segment);
  if (!fs.exists(path)) return `its segment ${s.position.segment} does not exist`;
  const { offset, end } = s.position;
  const buf = Buffer.alloc(end - offset);
  const fd = fs.openRead(path);
  let n: number;
  try {
    n = fs.read(fd, buf, 0, buf.length, offset);
  } finally {
    fs.close(fd);
  }
  if (n !== buf.length || buf[buf.length - 1] !== 0x0a || !isFramed(buf, 0, buf.length - 1)) return `the log has no line at ${s.position.segment} byte ${offset}`;
  if (lineHash(buf, 0) !== s.head) return `the log's hash at seq ${s.seq} differs from the snapshot's head`;
  let event: { seq?: unknown; time?: unknown } | null;
  try {
    event = JSON.parse(lineCanonical(buf, 0, buf.length - 1)) as { seq?: unknown; time?: unknown } | null;
  } catch {
    return `the log's line at ${s.position.segment} byte ${offset} is not valid JSON`;
  }
  if (event === null || typeof event !== 'object') return `the line at ${s.position.segment} byte ${offset} holds no event`;
  if (event.seq === s.seq && typeof event.time === 'string') return { day: event.time.slice(0, 10) };
  return `the line at ${s.position.segment} byte ${offset} holds seq ${String(event.seq)}, not ${s.seq}`;
}

/** How far the log reached, by what the run's snapshots say: the newest snapshot that is a
 * snapshot tickfold wrote (JSON, a seq, a state matching its stateHash), or null. A snapshot is
 * written only after the log up to its seq is durable, so a log shorter than this lost events. */
export function snapshotReach(dir: string, fs: FileLayer): { readonly seq: number; readonly name: string } | null {
  let best: { seq: number; name: string } | null = null;
  for (const name of listSnapshots(dir, fs)) {
    let s: Partial<Snapshot>;
    try {
      s = JSON.parse(fs.readFile(join(snapshotsDir(dir), name)).toString('utf8')) as Partial<Snapshot>;
    } catch {
      continue;
    }
    if (!s || !isInt(s.seq, 1) || (best && s.seq <= best.seq) || typeof s.state !== 'object' || s.state === null) continue;
    if (sha256Hex(canonical(s.state)) === s.stateHash) best = { seq: s.seq, name };
  }
  return best;
}

/**
 * Reads a snapshot and checks its format, shape, state hash, invariants and that the log holds
 * its head hash at its seq. Any failure makes it unusable (never repaired with defaults).
 */
export function loadSnapshot(dir: string, fs: FileLayer, name: string, config: Config): SnapshotCheck {
  let s: Snapshot;
  try {
    s = JSON.parse(fs.readFile(join(snapshotsDir(dir), name)).toString('utf8')) as Snapshot;
  } catch (e) {
    return { ok: false, name, reason: `not valid JSON (${(e as Error).message})` };
  }
  if (s === null || typeof s !== 'object') return { ok: false, name, reason: 'not an object' };
  const problem = shapeProblem(s, config) ?? logProblem(dir, fs, s);
  return typeof problem === 'string' ? { ok: false, name, reason: problem } : { ok: true, snapshot: deepFreeze(s), day: problem.day };
}
