import { natsError } from './errors.js';

/** Stream descriptions double as the schema marker: a stream of the same name but another schema is refused. */
export const SCHEMA = 'tickfold/nats/v1';

export const RUNS_STREAM = 'TICKFOLD_RUNS';
export const RUNS_PREFIX = 'tickfold.run';
export const JOBS_STREAM = 'TICKFOLD_JOBS';
export const JOBS_PREFIX = 'tickfold.job';
export const WORKERS_CONSUMER = 'tickfold-workers';

export const BUCKETS = {
  manifests: 'tickfold-manifests',
  results: 'tickfold-results',
  snapshots: 'tickfold-snapshots',
} as const;

/** A run id is one subject token and one KV key: letters, digits, `_` and `-`. */
const RUN_ID = /^[A-Za-z0-9_-]{1,200}$/;

export function checkRunId(runId: string): string {
  if (!RUN_ID.test(runId)) {
    throw natsError('E_NATS_RUN_ID', `run id '${runId}' cannot name a NATS subject; use 1–200 letters, digits, '_' or '-'`, { runId });
  }
  return runId;
}

export const runSubject = (runId: string): string => `${RUNS_PREFIX}.${checkRunId(runId)}`;
export const jobSubject = (runId: string): string => `${JOBS_PREFIX}.${checkRunId(runId)}`;
