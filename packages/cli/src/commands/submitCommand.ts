import { TickfoldError } from '@tickfold/core';
import { connectNats, openTickfoldNats, submitJob } from '@tickfold/nats';
import { checkRunId } from '@tickfold/nats/internal';
import { printJson, printLine, type Io } from '../io.js';
import { EXIT } from '../exitCodes.js';
import { natsJob } from '../sweep/natsSweep.js';
import type { RunCommandFlags } from './runSetup.js';

export interface SubmitFlags extends RunCommandFlags {
  readonly nats: string;
  readonly id?: string;
}

const stamp = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

/**
 * `tickfold submit --nats URL [run flags]`: one run (a backtest or a live-polling session) as a
 * job for `tickfold worker`; when its worker dies another resumes it. The run id is --id, or
 * `<time>-seed<seed>` as `tickfold run` names its directory.
 */
export async function submitCommand(flags: SubmitFlags, io: Io): Promise<number> {
  const misplaced = (['out', 'resume', 'fsync'] as const).filter((k) => flags[k] !== undefined);
  if (misplaced.length > 0) {
    throw new TickfoldError('E_FLAG_INVALID', `--${misplaced[0]} does not apply to submit: the run lives on the NATS server (get a directory with 'tickfold fetch --nats URL RUN DIR')`, { flag: `--${misplaced[0]}` });
  }
  const { nats, id, json, ...runFlags } = flags;
  const probe = await natsJob('pending', runFlags, io.cwd, io);
  const runId = checkRunId(id ?? `${stamp(io.now())}-seed${(probe.config as { seed: number }).seed}`);
  const nc = await connectNats(nats, { name: 'tickfold submit' });
  try {
    const submitted = await submitJob(await openTickfoldNats(nc), { ...probe, runId });
    if (json) printJson(io, { run: runId, submitted });
    else printLine(io, `${runId}: ${submitted}\nfollow it with: tickfold fetch --nats ${nats} ${runId} DIR`);
    return EXIT.ok;
  } finally {
    await nc.close();
  }
}
