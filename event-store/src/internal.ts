/**
 * @tickfold/event-store/internal — what tickfold's own packages need of the store beyond its
 * public API. Not for embedding: these names may change with any release.
 */

// The CLI refuses an output path through a symlink with the store's own check.
export { assertNoSymlinkOnPath } from './run/symlinks.js';

// `tickfold run --help` states the default --fsync of each kind of run from the store's rule.
export { defaultPolicy } from './log/durability.js';

// bench/cli.mjs prints how verify reads the log (one scan, or split by position or by symbol).
export { readPlanOf } from './run/recover.js';
