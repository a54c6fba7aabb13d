import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { isTickfoldError, TickfoldError } from '@tickfold/core';
import { openRun, verifyRun } from '@tickfold/event-store';
import { nodeFileLayer } from '@tickfold/event-store';
import type { Io } from '../io.js';
import { runCommand, type RunCommandFlags } from '../commands/runCommand.js';
import { RUN_OPTIONS_FILE } from '../runDir.js';
import { sweepRunMetrics, type SweepMetrics } from './metrics.js';

/** One combination of a sweep, as a worker gets it. */
export interface Job {
  readonly id: string;
  /** Exactly the flags of the equivalent `tickfold run`, minus --out and --json. */
  readonly flags: RunCommandFlags;
  readonly dir: string;
  /** Where the run's result is kept once it finished: { id, head, metrics }. */
  readonly resultFile: string;
  readonly cwd: string;
}

export type JobResult =
  | { readonly id: string; readonly ok: true; readonly head: string; readonly metrics: SweepMetrics; readonly how: 'ran' | 'resumed' | 'kept' }
  | { readonly id: string; readonly ok: false; readonly error: { readonly code: string; readonly message: string } };

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** The run command in-process, without a terminal: its JSON summary on a captured stdout. */
async function runQuietly(flags: RunCommandFlags, cwd: string): Promise<string> {
  const stdout = new Sink();
  const io: Io = { stdout, stderr: new Sink(), cwd, now: () => new Date(), onInterrupt: () => () => {}, exit: () => {} };
  await runCommand({ ...flags, json: true }, io);
  return (JSON.parse(stdout.text) as { head: string }).head;
}

const recordedHead = (file: string): string | undefined => {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { head?: string }).head;
  } catch {
    return undefined;
  }
};

/**
 * Brings one combination to its end, whatever state a killed sweep left it in: no directory (or
 * one whose creation never finished) → a new run; an unfinished run → resumed; a finished one →
 * kept once its verified head equals the head recorded when it finished.
 */
async function finish(job: Job): Promise<{ head: string; how: 'ran' | 'resumed' | 'kept' }> {
  const started = existsSync(job.dir) && readdirSync(job.dir).length > 0;
  if (started && !existsSync(join(job.dir, RUN_OPTIONS_FILE))) rmSync(job.dir, { recursive: true, force: true });
  if (!existsSync(job.dir) || readdirSync(job.dir).length === 0) return { head: await runQuietly({ ...job.flags, out: job.dir }, job.cwd), how: 'ran' };
  if (!openRun(job.dir).ended) {
    const { strategyFile, fsync } = job.flags;
    return { head: await runQuietly({ resume: job.dir, ...(strategyFile ? { strategyFile } : {}), ...(fsync ? { fsync } : {}) }, job.cwd), how: 'resumed' };
  }
  const verified = verifyRun(job.dir);
  const recorded = recordedHead(job.resultFile);
  if (!verified.ok || (recorded !== undefined && recorded !== verified.head)) {
    const why = verified.ok ? `its head ${verified.head} differs from the head ${recorded} recorded when it finished` : `it does not verify (${verified.problem?.code ?? 'problem'})`;
    throw new TickfoldError('E_SWEEP_RUN_CHANGED', `run ${job.dir} ${why}; delete that directory and resume the sweep to run it again`, { dir: job.dir });
  }
  return { head: verified.head, how: 'kept' };
}

/** Piscina's entry point: never throws (errors do not survive the thread boundary with their code). */
export default async function runJob(job: Job): Promise<JobResult> {
  try {
    const { head, how } = await finish(job);
    const metrics = await sweepRunMetrics(job.dir);
    nodeFileLayer.writeFileAtomic(job.resultFile, `${JSON.stringify({ id: job.id, head, metrics }, null, 2)}\n`);
    return { id: job.id, ok: true, head, metrics, how };
  } catch (e) {
    const code = isTickfoldError(e) ? e.code : 'E_INTERNAL';
    const message = isTickfoldError(e) ? e.message : `E_INTERNAL: ${(e as Error)?.message ?? String(e)}`;
    return { id: job.id, ok: false, error: { code, message } };
  }
}
