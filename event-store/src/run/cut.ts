import { join } from 'node:path';
import type { FileLayer } from '../fileLayer.js';
import { BROKEN_DIR, eventsDir, segmentName, segmentPath, snapshotSeq, snapshotsDir } from '../layout.js';
import { listSnapshots } from '../snapshot/load.js';
import { listSegments } from '../log/segments.js';
import type { Cursor } from '../log/scan.js';

/**
 * Cuts the log back to `at`: the bytes from there to the end (an unfinished tick, a torn line,
 * garbage) are first saved to `broken/<segment>@<offset>.broken` (`.<n>.broken` when that name is
 * taken by an earlier cut at the same place), then the segment is truncated
 * and later segments removed. Snapshots past `at` move to `broken/snapshot-<name>` (first). Returns the saved file's path, or null when nothing was there.
 * A segment left empty is removed, so the next append decides rotation afresh.
 */
export function cutLog(dir: string, fs: FileLayer, at: Cursor): string | null {
  // Snapshots past the cut first: a crash before the log is cut then leaves no snapshot ahead of
  // the log, which would read as lost events.
  for (const name of listSnapshots(dir, fs).filter((n) => snapshotSeq(n) > at.seq)) setAside(dir, fs, name);
  const segments = listSegments(dir, fs);
  const index = Math.max(1, at.segment);
  if (segments.length === 0) return null;
  const parts: Buffer[] = [];
  for (let i = index; i <= segments.length; i++) {
    const data = fs.readFile(segmentPath(dir, segments[i - 1]!));
    parts.push(i === index ? data.subarray(at.offset) : data);
  }
  const broken = Buffer.concat(parts);
  let savedTo: string | null = null;
  if (broken.length > 0) {
    fs.mkdir(join(dir, BROKEN_DIR));
    // A second crash in the same tick cuts at the same place again: keep the earlier bytes too.
    const base = join(dir, BROKEN_DIR, `${segmentName(index)}@${at.offset}`);
    savedTo = `${base}.broken`;
    for (let n = 2; fs.exists(savedTo); n++) savedTo = `${base}.${n}.broken`;
    fs.writeFileAtomic(savedTo, broken);
  }
  for (let i = segments.length; i > index; i--) fs.unlink(segmentPath(dir, segments[i - 1]!));
  const keep = segmentPath(dir, segmentName(index));
  if (at.offset === 0) fs.unlink(keep);
  else fs.truncate(keep, at.offset);
  fs.fsyncDir(eventsDir(dir));
  return savedTo;
}

/** Moves a snapshot to `broken/snapshot-<name>` (`.<n>` after an earlier one), durably; returns where. */
export function setAside(dir: string, fs: FileLayer, name: string): string | null {
  const from = join(snapshotsDir(dir), name);
  if (!fs.exists(from)) return null;
  fs.mkdir(join(dir, BROKEN_DIR));
  let to = join(dir, BROKEN_DIR, `snapshot-${name}`);
  for (let n = 2; fs.exists(to); n++) to = join(dir, BROKEN_DIR, `snapshot-${name}.${n}`);
  fs.rename(from, to);
  fs.fsyncDir(snapshotsDir(dir));
  fs.fsyncDir(join(dir, BROKEN_DIR));
  return to;
}
