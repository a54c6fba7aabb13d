import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createEngine, resolveConfig, type EventRecord } from '@tickfold/core';
import { createRun } from '@tickfold/event-store';
import { createFeed } from '@tickfold/feed';
import type { Job } from '../job.js';

export const CREATED_AT = '2026-01-02T03:04:05.000Z';

export const tempDir = (label: string): string => mkdtempSync(join(tmpdir(), `tickfold-nats-${label}-`));

/** A synthetic backtest job: two symbols, seeded, `ticks` long. */
export const syntheticJob = (runId: string, ticks: number, seed = 7, extra: Record<string, unknown> = {}): Job => ({
  v: 1,
  runId,
  createdAt: CREATED_AT,
  config: { seed, symbols: ['QQQ', 'SPY'], ...extra },
  ticks,
  baseDir: process.cwd(),
});

/** The run a single machine makes of the job, in `dir`: the reference every NATS run must equal. */
export async function localRun(job: Job, dir: string): Promise<{ head: string; events: number }> {
  const config = resolveConfig(job.config);
  // Durability does not change a byte of the files; fsync once, at close, to keep the tests quick.
  const writer = createRun({ dir, config, createdAt: job.createdAt, policy: { kind: 'close' } });
  const feed = createFeed(config, { baseDir: job.baseDir, cacheDir: dir });
  const result = await createEngine(config, { feed, sinks: [writer] }).run({ ticks: job.ticks });
  writer.close({ state: result.state, head: result.head });
  return { head: result.head, events: result.events };
}

/** Every file under `dir` (relative path → bytes), leaving out the writer's lock. */
export function filesOf(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (name === 'writer.lock' || name === 'writer.json') continue;
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/** The write() groups (one tick each) a local engine hands its sinks for `job`, in memory. */
export async function tickGroups(job: Job): Promise<EventRecord[][]> {
  const config = resolveConfig(job.config);
  const groups: EventRecord[][] = [];
  const sink = { write: (records: readonly EventRecord[]) => void groups.push([...records]) };
  await createEngine(config, { feed: createFeed(config, { baseDir: job.baseDir }), sinks: [sink] }).run({ ticks: job.ticks });
  return groups;
}
