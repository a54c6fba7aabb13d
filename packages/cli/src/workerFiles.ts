/**
 * Files the CLI starts as worker threads, resolved from the CLI's dist/ root. They live here, at
 * that root, because the command users run is one bundled file, dist/bin.js (see
 * scripts/bundle.mjs): in it every module's `import.meta.url` is the bundle's, so a path written
 * relative to a module in a sub-folder would point beside the bundle instead.
 */
export const SWEEP_WORKER = new URL('./sweep/worker.js', import.meta.url);
