import { nodeFileLayer, type FileLayer } from '../fileLayer.js';
import { scanLog, type Damage, type StoredEvent } from '../log/scan.js';
import { readManifest } from './manifest.js';

export interface ReadRunOptions {
  /** First seq to yield (the log before it is still read and verified). Default 1. */
  readonly fromSeq?: number;
  readonly salvage?: boolean;
  readonly fs?: FileLayer;
  /** Called when the scan stops at a torn tail (or, salvaging, at any damage). */
  readonly onDamage?: (damage: Damage) => void;
}

/**
 * Streams a run's events in seq order in constant memory, each checked against its schema and
 * the hash chain as it is read. Damage before the tail throws (E_LOG_*); a torn tail ends the
 * stream and is passed to `onDamage`.
 *
 * @example for (const { event, hash } of readRun('runs/a', { fromSeq: 100 })) console.log(event.seq, hash);
 */
export function* readRun(dir: string, options: ReadRunOptions = {}): Generator<StoredEvent, void, undefined> {
  const fs = options.fs ?? nodeFileLayer;
  readManifest(dir, fs);
  const fromSeq = options.fromSeq ?? 1;
  for (const stored of scanLog(dir, { fs, salvage: options.salvage ?? false, onDamage: (d) => options.onDamage?.(d) })) {
    if (stored.event.seq >= fromSeq) yield stored;
  }
}
