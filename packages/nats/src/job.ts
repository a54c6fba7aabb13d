import { natsError } from './errors.js';
import { checkRunId, jobSubject } from './names.js';
import type { TickfoldNats } from './schema.js';
import { JetStreamApiError } from '@nats-io/jetstream';

/**
 * One run's inputs, as a worker needs them: the config as given (resolved and checked by the
 * worker, so an invalid one is that job's deterministic failure), the tick total, the directory
 * CSV paths are relative to, and the creation time the manifest records.
 */
export interface Job {
  readonly v: 1;
  readonly runId: string;
  readonly createdAt: string;
  readonly config: unknown;
  readonly ticks: number;
  readonly baseDir: string;
  /** Strategy files the run needs (as given to --strategy-file) and the directory they were given in. */
  readonly strategyFiles?: readonly string[];
  readonly strategyDir?: string;
}

export function encodeJob(job: Job): Uint8Array {
  return Buffer.from(JSON.stringify(job), 'utf8');
}

/** The job in a message, or E_NATS_JOB_INVALID saying which field is wrong. */
export function parseJob(data: Uint8Array, where: string): Job {
  let j: Partial<Job>;
  try {
    j = JSON.parse(Buffer.from(data).toString('utf8')) as Partial<Job>;
  } catch (e) {
    throw natsError('E_NATS_JOB_INVALID', `${where} is not JSON (${(e as Error).message}); submit jobs with 'tickfold sweep --nats' or submitJob()`, { where });
  }
  const bad = (field: string, rule: string) => natsError('E_NATS_JOB_INVALID', `${where}: field /${field} ${rule}; submit jobs with 'tickfold sweep --nats' or submitJob()`, { where, field: `/${field}` });
  if (j === null || typeof j !== 'object') throw bad('', 'must be an object');
  if (j.v !== 1) throw bad('v', 'must be 1');
  if (typeof j.runId !== 'string') throw bad('runId', 'must be a string');
  checkRunId(j.runId);
  if (typeof j.createdAt !== 'string' || Number.isNaN(Date.parse(j.createdAt))) throw bad('createdAt', 'must be an ISO time');
  if (!Number.isSafeInteger(j.ticks) || j.ticks! < 1) throw bad('ticks', 'must be an integer >= 1');
  if (typeof j.baseDir !== 'string') throw bad('baseDir', 'must be a string');
  if (j.strategyFiles !== undefined && (!Array.isArray(j.strategyFiles) || !j.strategyFiles.every((f) => typeof f === 'string') || typeof j.strategyDir !== 'string')) {
    throw bad('strategyFiles', 'must be a list of paths, with /strategyDir the directory they are relative to');
  }
  return j as Job;
}

export type Submitted = 'queued' | 'already-queued' | 'done' | 'failed';

/**
 * Queues a job idempotently: the job id is the run id. A run with a stored result ('done', or
 * 'failed' for a deterministic failure, which would fail again) is not queued again; a job already waiting or running is left alone (its subject must be empty to publish).
 */
export async function submitJob(t: TickfoldNats, job: Job): Promise<Submitted> {
  const result = await t.results.get(job.runId);
  if (result !== null && result.length > 0) return (JSON.parse(result.string()) as { status: 'done' | 'failed' }).status;
  try {
    await t.js.publish(jobSubject(job.runId), encodeJob(job), { expect: { lastSubjectSequence: 0 } });
    return 'queued';
  } catch (e) {
    if (e instanceof JetStreamApiError && (e.code === 10071 || e.code === 10164)) return 'already-queued';
    throw e;
  }
}
