/**
 * @tickfold/nats/internal — what tickfold's own packages need of the NATS layer beyond its
 * public API. Not for embedding: these names may change with any release.
 */

// The CLI checks `submit --id` before it connects.
export { checkRunId, RUNS_STREAM, JOBS_STREAM } from './names.js';

// Tests and bench read run logs back chunk by chunk.
export { readRunLog } from './runLog.js';
export type { ChunkMeta } from './chunk.js';

// A nats-server on 127.0.0.1 for the CLI's tests and bench/nats.mjs.
export { startNatsServer, ensureNatsServer, type TestNatsServer } from './localServer.js';
