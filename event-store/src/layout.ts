import { join } from 'node:path';

/** Names inside a run directory (see README "Run directory"). */
export const MANIFEST_FILE = 'manifest.json';
export const EVENTS_DIR = 'events';
export const SNAPSHOTS_DIR = 'snapshots';
export const BROKEN_DIR = 'broken';
export const OPS_DIR = 'ops';
export const LOCK_DIR = 'writer.lock';

export const SEGMENT_RE = /^(\d{6})\.jsonl$/;
export const SNAPSHOT_RE = /^(\d{12})\.json$/;

export const segmentName = (index: number): string => `${String(index).padStart(6, '0')}.jsonl`;
export const segmentIndex = (name: string): number => Number(SEGMENT_RE.exec(name)?.[1] ?? NaN);
export const snapshotName = (seq: number): string => `${String(seq).padStart(12, '0')}.json`;
export const snapshotSeq = (name: string): number => Number(SNAPSHOT_RE.exec(name)?.[1] ?? NaN);

export const eventsDir = (dir: string): string => join(dir, EVENTS_DIR);
export const segmentPath = (dir: string, name: string): string => join(dir, EVENTS_DIR, name);
export const snapshotsDir = (dir: string): string => join(dir, SNAPSHOTS_DIR);
