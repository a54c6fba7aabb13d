import { SingleBar } from 'cli-progress';

export interface Progress {
  update(done: number): void;
  stop(): void;
}

export interface ProgressOptions {
  readonly enabled: boolean;
  readonly stream: NodeJS.WritableStream;
  readonly label: string;
  readonly total: number;
  readonly unit: string;
  /** Monotonic milliseconds (performance.now); injected for tests. */
  readonly nowMs?: () => number;
  /** Work shorter than this shows no bar at all. */
  readonly delayMs?: number;
}

const silent: Progress = { update() {}, stop() {} };

/**
 * A progress bar with rate and ETA on stderr, shown only on a terminal, outside --json, and
 * only once the work has lasted `delayMs` (so quick commands stay quiet).
 *
 * @example const p = createProgress({ enabled: isTTY, stream: process.stderr, label: 'run', total: 100, unit: 'ticks' });
 */
export function createProgress(options: ProgressOptions): Progress {
  if (!options.enabled || !(options.total > 0) || !Number.isFinite(options.total)) return silent;
  const now = options.nowMs ?? (() => performance.now());
  const startMs = now();
  const delayMs = options.delayMs ?? 1000;
  let bar: SingleBar | null = null;
  return {
    update(done) {
      if (!bar) {
        if (now() - startMs < delayMs) return;
        bar = new SingleBar({
          stream: options.stream,
          format: `${options.label} [{bar}] {percentage}% | {value}/{total} ${options.unit} | {rate}/s | ETA {eta_formatted}`,
          hideCursor: true,
          clearOnComplete: true,
          etaBuffer: 200,
          fps: 10,
        });
        bar.start(options.total, done, { rate: '-' });
      }
      const seconds = (now() - startMs) / 1000;
      bar.update(done, { rate: seconds > 0 ? Math.round(done / seconds).toLocaleString('en-US') : '-' });
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
