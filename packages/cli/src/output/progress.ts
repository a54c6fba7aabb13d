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

/** 75 → "1m15s", 3700 → "1h01m". */
export function formatSeconds(s: number): string {
  const t = Math.max(0, Math.round(s));
  if (t < 60) return `${t}s`;
  if (t < 3600) return `${Math.floor(t / 60)}m${String(t % 60).padStart(2, '0')}s`;
  return `${Math.floor(t / 3600)}h${String(Math.floor((t % 3600) / 60)).padStart(2, '0')}m`;
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
  // Rate and ETA from the injected clock over the whole run: steadier than a sliding window
  // for work whose pace does not change, and testable.
  const payload = (done: number) => {
    const seconds = (now() - startMs) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    return { rate: rate > 0 ? Math.round(rate).toLocaleString('en-US') : '-', remaining: rate > 0 ? formatSeconds((options.total - done) / rate) : '-' };
  };
  return {
    update(done) {
      if (!bar) {
        if (now() - startMs < delayMs) return;
        bar = new SingleBar({
          stream: options.stream,
          format: `${options.label} [{bar}] {percentage}% | {value}/{total} ${options.unit} | {rate}/s | ETA {remaining}`,
          hideCursor: true,
          clearOnComplete: true,
          fps: 10,
        });
        bar.start(options.total, done, payload(done));
        return;
      }
      bar.update(done, payload(done));
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
