import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { isTickfoldError } from '@tickfold/core';
import { nodeFileLayer } from '@tickfold/event-store';
import { createFeed } from '@tickfold/feed';
import { connectNats, fetchRun, openTickfoldNats, submitJob, type Job as NatsJob, type ResultRecord, type TickfoldNats } from '@tickfold/nats';
import { parseInteger } from '../args/values.js';
import { DEFAULT_TICKS, planRun, type RunCommandFlags } from '../commands/runSetup.js';
import { note, type Io } from '../io.js';
import { RUN_OPTIONS_FILE } from '../runDir.js';
import { sweepRunMetrics } from './metrics.js';
import type { Combination, SweepDefinition } from './plan.js';
import type { JobResult } from './worker.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retries an operation while the server is away (a restart mid-sweep), for up to two minutes. */
async function patiently<T>(what: string, io: Io, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (isTickfoldError(e) || Date.now() > deadline) throw e;
      if (attempt === 0) note(io, `tickfold: waiting for the NATS server (${what}: ${(e as Error).message})`);
      await sleep(Math.min(1_000, 50 * 2 ** attempt));
    }
  }
}

/** The NATS job of a run: the config, tick total and files exactly as `tickfold run` would resolve them from `flags` in `cwd`. */
export async function natsJob(runId: string, flags: RunCommandFlags, cwd: string, io: Io): Promise<NatsJob> {
  const { config, baseDir } = await planRun(flags, { ...io, cwd });
  const requested = flags.ticks === undefined ? undefined : parseInteger('--ticks', flags.ticks, 1);
  const ticks = requested ?? createFeed(config, { baseDir }).tickCount ?? DEFAULT_TICKS;
  const files = flags.strategyFile?.length ? { strategyFiles: flags.strategyFile, strategyDir: cwd } : {};
  return { v: 1, runId, createdAt: io.now().toISOString(), config, ticks, baseDir, ...files };
}

/**
 * Runs a sweep's combinations as NATS jobs (job id = run id, so submitting again is a no-op),
 * waits for their results, and fetches each finished run into DIR/runs/<id> — the directory a
 * local sweep writes, byte for byte in its log — so the table, `--json` and `hash` come from the
 * same files through the same code as a local sweep's.
 */
export async function runOnNats(
  url: string,
  runs: readonly Combination[],
  def: SweepDefinition,
  dir: string,
  io: Io,
  onDone: (done: number) => void,
): Promise<Map<string, JobResult>> {
  const nc = await connectNats(url, { name: 'tickfold sweep' });
  try {
    const t: TickfoldNats = await openTickfoldNats(nc);
    const byId = new Map(runs.map((c) => [c.id, c]));
    for (const c of runs) {
      const job = await natsJob(c.id, c.flags, def.cwd, io);
      await patiently('submitting', io, () => submitJob(t, job));
    }
    const results = new Map<string, JobResult>();
    const pending = new Set(byId.keys());
    while (pending.size > 0) {
      for (const id of [...pending]) {
        const entry = await patiently('waiting for results', io, () => t.results.get(id));
        if (entry === null || entry.length === 0) continue;
        pending.delete(id);
        const record = JSON.parse(entry.string()) as ResultRecord;
        if (record.status === 'failed') {
          results.set(id, { id, ok: false, error: record.error });
        } else {
          const runDir = join(dir, 'runs', id);
          // The local copy is a cache of the stream's: a partial one from an earlier attempt is replaced.
          rmSync(runDir, { recursive: true, force: true });
          const c = byId.get(id)!;
          const { registry } = await planRun(c.flags, { ...io, cwd: def.cwd });
          const fetched = await patiently('fetching', io, () => fetchRun(t, id, runDir, registry));
          if (fetched.options) nodeFileLayer.writeFileAtomic(join(runDir, RUN_OPTIONS_FILE), `${JSON.stringify(fetched.options, null, 2)}\n`);
          const metrics = await sweepRunMetrics(runDir);
          nodeFileLayer.writeFileAtomic(join(dir, 'results', `${id}.json`), `${JSON.stringify({ id, head: fetched.head, metrics }, null, 2)}\n`);
          results.set(id, { id, ok: true, head: fetched.head, metrics, how: 'ran' });
        }
        onDone(results.size);
      }
      if (pending.size > 0) await sleep(100);
    }
    return results;
  } finally {
    await nc.close();
  }
}
