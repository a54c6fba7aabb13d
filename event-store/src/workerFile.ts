import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * The file a parallel read of the log starts its threads from (log/parts.ts). It is named from
 * here, at the root of the package's sources, because the CLI ships bundled: dist/bin.js and the
 * chunks beside it, where every module's `import.meta.url` is its file's in dist/, and the bundle
 * script writes this worker, bundled too, into dist/ under the same name
 * (packages/cli/scripts/bundle.mjs).
 */
export const PART_WORKER = new URL('./partWorker.js', import.meta.url);
/** The file a replay starts the thread that reads the log ahead of it from (run/replayLines.ts); bundled the same way. */
export const REPLAY_WORKER = new URL('./replayWorker.js', import.meta.url);

/** The file a run's writer starts its writer thread from (run/threadedLog.ts); bundled the same way. */
export const LOG_WORKER = new URL('./logWorker.js', import.meta.url);

/**
 * A worker's file to start, or null when there is none: the one beside this module (the CLI's
 * bundle, or a package build), else, under a test runner reading the sources, the built one in
 * dist/ (vitest refuses a build older than the sources: test-support/freshBuild.ts).
 */
export function workerPath(url: URL): string | null {
  const path = fileURLToPath(url);
  if (existsSync(path)) return path;
  const built = path.replace(/([/\\])src([/\\])([^/\\]+\.js)$/, '$1dist$2$3');
  return built !== path && existsSync(built) ? built : null;
}

/**
 * A thread of the store's own (the writer thread, a part of a parallel read, a replay's reader),
 * started from `file`: with its job in `options.workerData`, or waiting for it as its first
 * message, so that it can be started ahead of the work and its start-up overlap the caller's. It
 * does not keep the process alive, and an error it does not catch (it cannot start, say) goes to
 * `onError`, not to the process: whoever waits on the thread finds out its own way.
 */
export function startThread(file: string, onError: (e: Error) => void, options: WorkerOptions = {}): Worker {
  const worker = new Worker(file, options);
  worker.unref();
  worker.on('error', onError);
  return worker;
}
