/**
 * @tickfold/nats — tickfold runs on NATS JetStream: run logs as chunks of whole ticks on one
 * subject per run (fenced appends), manifests, results and snapshots in KV buckets, jobs on a
 * work-queue stream taken by `tickfold worker`, and `fetch` back to an ordinary run directory.
 */
export { connectNats, parseNatsUrl } from './connect.js';
export type { NatsConnection } from '@nats-io/transport-node';
export { openTickfoldNats, DEFAULT_ACK_WAIT_MS, type TickfoldNats } from './schema.js';
export { SCHEMA, RUNS_STREAM, JOBS_STREAM, BUCKETS, runSubject, jobSubject, checkRunId } from './names.js';
export { encodeLine, chunkMsgId, decodeChunk, type ChunkMeta, type StoredChunk } from './chunk.js';
export { readRunLog, RunLogAppender, EMPTY_LOG, type LogPosition, type AppendOptions } from './runLog.js';
export { createReplica, type Replica } from './replica.js';
export { NatsSink, DEFAULT_CHUNK_BYTES } from './natsSink.js';
export { submitJob, parseJob, encodeJob, type Job, type Submitted } from './job.js';
export { runJob, type RunJobOptions, type ResultRecord, type RunResultRecord, type FailedRecord } from './runJob.js';
export { startWorker, type Worker, type WorkerOptions } from './worker.js';
export { fetchRun, type FetchedRun } from './fetch.js';
export { startNatsServer, ensureNatsServer, type TestNatsServer } from './localServer.js';
