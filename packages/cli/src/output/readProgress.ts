import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { nodeFileLayer, type FileLayer } from '@tickfold/event-store';
import { createProgress, type Progress } from './progress.js';
import type { Io } from '../io.js';

const MB = 1024 * 1024;

/** Bytes of a run's event log: the segments under events/ (the store's documented layout). */
export function logBytes(dir: string): number {
  try {
    const events = join(dir, 'events');
    return readdirSync(events).reduce((sum, name) => sum + statSync(join(events, name)).size, 0);
  } catch {
    return 0;
  }
}

/**
 * A file layer that reports the bytes the store reads, so work the store does in one synchronous
 * call (verifyRun, replayRun) can still drive a progress bar in MB of log read.
 *
 * @example verifyRun(dir, { fs: withReadProgress(dir, io, 'verify', enabled).fs })
 */
export function withReadProgress(dir: string, io: Io, label: string, enabled: boolean, delayMs?: number): { fs: FileLayer; progress: Progress } {
  const totalMb = enabled ? logBytes(dir) / MB : 0;
  const progress = createProgress({ enabled: enabled && totalMb > 0, stream: io.stderr, label, total: Math.round(totalMb * 10) / 10, unit: 'MB', ...(delayMs === undefined ? {} : { delayMs }) });
  if (!enabled) return { fs: nodeFileLayer, progress };
  let bytes = 0;
  const count = (n: number): void => {
    bytes += n;
    progress.update(Math.min(totalMb, Math.round((bytes / MB) * 10) / 10));
  };
  const fs: FileLayer = {
    ...nodeFileLayer,
    read(fd, buffer, offset, length, position) {
      const n = nodeFileLayer.read(fd, buffer, offset, length, position);
      count(n);
      return n;
    },
    // The part of the log a second thread of verify read (event-store's log/parts.ts).
    readElsewhere: count,
  };
  return { fs, progress };
}
