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
