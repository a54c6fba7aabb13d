/**
 * @tickfold/nats — tickfold runs on NATS JetStream: run logs as chunks of whole ticks on one
 * subject per run (fenced appends), manifests, results and snapshots in KV buckets, jobs on a
 * work-queue stream taken by `tickfold worker`, and `fetch` back to an ordinary run directory.
 *
 * The public API, listed name by name (`publicFace.spec.ts` pins it). What only tickfold's own
 * packages need is in `@tickfold/nats/internal`.
 */
export { connectNats } from './connect.js';
export type { NatsConnection } from '@nats-io/transport-node';
export { openTickfoldNats, type TickfoldNats } from './schema.js';
export { submitJob, type Job, type Submitted } from './job.js';
export type { ResultRecord, RunResultRecord, FailedRecord } from './runJob.js';
export { startWorker, type Worker, type WorkerOptions } from './worker.js';
export { fetchRun, type FetchedRun } from './fetch.js';
