import type { ChildProcess } from 'node:child_process';
import { type ResultRecord, type TickfoldNats } from '@tickfold/nats';
import { JOBS_STREAM, readRunLog, type ChunkMeta } from '@tickfold/nats/internal';
import { start, type Outcome } from './cli.js';
import { until } from '../../../nats/src/test-support/nats.js';

export { chunkCount, until } from '../../../nats/src/test-support/nats.js';

/** A `tickfold worker` process and what it has said so far. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly done: Promise<Outcome>;
  stderr(): string;
}

/** Starts `tickfold worker` and resolves once it is taking jobs. */
export async function spawnWorker(url: string, cwd: string, ackWait = '2s'): Promise<WorkerProcess> {
  const { child, done } = start(['worker', '--nats', url, '--ack-wait', ackWait], cwd);
  let err = '';
  child.stderr!.on('data', (s: string) => (err += s));
  const w = { child, done, stderr: () => err };
  await until(() => /ready/.test(err) || child.exitCode !== null, 20_000, 'worker ready');
  if (child.exitCode !== null) throw new Error(`worker exited ${child.exitCode}: ${err}`);
  return w;
}

export async function stopWorkers(...ws: readonly (WorkerProcess | undefined)[]): Promise<void> {
  for (const w of ws) {
    if (!w || w.child.exitCode !== null || w.child.signalCode !== null) continue;
    w.child.kill('SIGCONT');
    w.child.kill('SIGKILL');
    await w.done;
  }
}

export async function resultOf(t: TickfoldNats, runId: string): Promise<ResultRecord | null> {
  const e = await t.results.get(runId);
  return e === null || e.length === 0 ? null : (JSON.parse(e.string()) as ResultRecord);
}

/** Every stored chunk's identity, in order (readRunLog checks seq continuity and the chain). */
export async function chunkMetas(t: TickfoldNats, runId: string): Promise<ChunkMeta[]> {
  const metas: ChunkMeta[] = [];
  await readRunLog(t, runId, (_r, m) => metas.push(m));
  return metas;
}

export const queuedJobs = async (t: TickfoldNats): Promise<number> => (await t.jsm.streams.info(JOBS_STREAM)).state.messages;
