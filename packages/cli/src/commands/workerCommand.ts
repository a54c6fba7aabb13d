import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connectNats, openTickfoldNats, startWorker } from '@tickfold/nats';
import { createRegistry } from '@tickfold/core';
import { parseDuration } from '../args/duration.js';
import { parseInteger } from '../args/values.js';
import { note, type Io } from '../io.js';
import { EXIT } from '../exitCodes.js';
import { loadStrategyFiles } from '../strategies/registry.js';

export interface WorkerFlags {
  readonly nats: string;
  readonly workDir?: string;
  readonly ackWait?: string;
  readonly maxJobs?: string;
}

/**
 * `tickfold worker --nats URL`: takes run jobs one at a time until Ctrl-C (or --max-jobs).
 * Ctrl-C while idle leaves at once; during a job it leaves too, and the job is redelivered to
 * another worker after the ack wait, which resumes the run from its last stored chunk.
 */
export async function workerCommand(flags: WorkerFlags, io: Io): Promise<number> {
  const ackWaitMs = flags.ackWait === undefined ? undefined : parseDuration('--ack-wait', flags.ackWait);
  const maxJobs = flags.maxJobs === undefined ? undefined : parseInteger('--max-jobs', flags.maxJobs, 1);
  const workDir = flags.workDir === undefined ? mkdtempSync(join(tmpdir(), 'tickfold-worker-')) : resolve(io.cwd, flags.workDir);
  mkdirSync(workDir, { recursive: true });
  const nc = await connectNats(flags.nats, { name: 'tickfold worker' });
  try {
    const t = await openTickfoldNats(nc, ackWaitMs === undefined ? {} : { ackWaitMs });
    const worker = startWorker(t, {
      workDir,
      maxJobs,
      // A job's strategy files are loaded as `run --strategy-file` loads them (paths as the submitter gave them).
      registryFor: async (job) => (job.strategyFiles?.length ? createRegistry(await loadStrategyFiles(job.strategyFiles, job.strategyDir ?? io.cwd)) : undefined),
      log: (line) => note(io, `tickfold worker: ${line}`),
    });
    note(io, `tickfold worker: ready (pid ${process.pid}, work dir ${workDir})`);
    const remove = io.onInterrupt(() => {
      worker.stop();
      if (worker.busy) {
        note(io, 'tickfold worker: left during a job; it is redelivered to another worker after the ack wait');
        io.exit(EXIT.interrupted);
      }
    });
    try {
      await worker.done;
    } finally {
      remove();
    }
    return EXIT.ok;
  } finally {
    await nc.close();
    if (flags.workDir === undefined) rmSync(workDir, { recursive: true, force: true });
  }
}
