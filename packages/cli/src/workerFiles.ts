/**
 * Files the CLI starts as worker threads, resolved from the CLI's dist/ root. They live here, at
 * that root, because the command users run is bundled into dist/bin.js and chunks beside it (see
 * scripts/bundle.mjs): in them every module's `import.meta.url` is a file in dist/, so a path
 * written relative to a module in a sub-folder would point beside the bundle instead.
 */
export const SWEEP_WORKER = new URL('./sweep/worker.js', import.meta.url);
