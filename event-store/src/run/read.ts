import { nodeFileLayer, type FileLayer } from '../fileLayer.js';
import type { Config } from '@tickfold/core';
import { scanLog, type Cursor, type Damage, type StoredEvent } from '../log/scan.js';
import { cursorAfter } from '../log/cursor.js';
import { snapshotSeq } from '../layout.js';
import { checkSegmentLinks } from '../log/links.js';
import { listSegments } from '../log/segments.js';
import { listSnapshots, loadSnapshot } from '../snapshot/load.js';
import { readManifest } from './manifest.js';

export interface ReadRunOptions {
  /** First seq to yield. Default 1. */
  readonly fromSeq?: number;
  readonly salvage?: boolean;
  readonly fs?: FileLayer;
  /** Called when the scan stops at a torn tail (or, salvaging, at any damage). */
  readonly onDamage?: (damage: Damage) => void;
}

/** Where to start reading for `fromSeq`: after the newest valid snapshot before it, its prefix joints checked. */
function snapshotBefore(dir: string, fs: FileLayer, config: Config, fromSeq: number): Cursor | undefined {
  for (const name of listSnapshots(dir, fs)) {
    if (snapshotSeq(name) >= fromSeq) continue;
    const check = loadSnapshot(dir, fs, name, config);
    if (!check.ok) continue;
    const from = cursorAfter(check.snapshot, check.day);
    checkSegmentLinks(dir, fs, listSegments(dir, fs), from.segment);
    return from;
  }
  return undefined;
}

/**
 * Streams a run's events in seq order in constant memory, each checked against its schema and
 * the hash chain as it is read. Damage before the tail throws (E_LOG_*); a torn tail ends the
 * stream and is passed to `onDamage`. With `fromSeq`, reading starts at the newest valid snapshot
 * before it (the log before that is checked at its segment joints only, as openRun does).
 *
 * @example for (const { event, hash } of readRun('runs/a', { fromSeq: 100 })) console.log(event.seq, hash);
 */
export function* readRun(dir: string, options: ReadRunOptions = {}): Generator<StoredEvent, void, undefined> {
  const fs = options.fs ?? nodeFileLayer;
  const manifest = readManifest(dir, fs);
  const fromSeq = options.fromSeq ?? 1;
  const from = fromSeq > 1 ? snapshotBefore(dir, fs, manifest.config, fromSeq) : undefined;
  for (const stored of scanLog(dir, { fs, ...(from ? { from } : {}), salvage: options.salvage ?? false, onDamage: (d) => options.onDamage?.(d) })) {
    if (stored.event.seq >= fromSeq) yield stored;
  }
}
