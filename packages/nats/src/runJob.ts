import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, resolveConfig, type EngineSink, type EventRecord, type State, type StrategyRegistry } from '@tickfold/core';
import { decideContext } from '@tickfold/core/internal';
import { createRun } from '@tickfold/event-store';
import { createFeed } from '@tickfold/feed';
import { natsError } from './errors.js';
import type { Job } from './job.js';
import { NatsSink } from './natsSink.js';
import { createReplica } from './replica.js';
import { readRunLog, RunLogAppender, type AppendOptions } from './runLog.js';
import type { TickfoldNats } from './schema.js';

/** What a finished run leaves in the results bucket under its run id. */
export interface RunResultRecord {
  readonly runId: string;
  readonly status: 'done';
  readonly head: string;
  readonly events: number;
  readonly ticks: number;
  readonly reason: string;
  /** Final equity per symbol, sorted by symbol. */
  readonly equity: Readonly<Record<string, number>>;
}

export interface FailedRecord {
  readonly runId: string;
  readonly status: 'failed';
  readonly error: { readonly code: string; readonly message: string };
}

export type ResultRecord = RunResultRecord | FailedRecord;

export interface RunJobOptions extends AppendOptions {
  /** Where the worker keeps its local replica of the run (a cache: rebuilt from the stream). */
  readonly workDir: string;
  /** Names this attempt in every chunk it writes; fencing compares it. */
  readonly writer: string;
  readonly chunkBytes?: number;
  readonly registry?: StrategyRegistry;
  /** The strategies a job needs beyond the built-ins (its strategy files); overrides `registry`. */
  readonly registryFor?: (job: Job) => Promise<StrategyRegistry | undefined>;
  /** Called after every tick the engine commits (progress, tests). */
  readonly onTick?: (tick: number) => void;
}

const resultOf = (runId: string, state: State, head: string, reason: string): RunResultRecord => ({
  runId,
  status: 'done',
  head,
  events: state.seq,
  ticks: state.tick,
  reason,
  equity: Object.fromEntries(Object.keys(state.symbols).sort().map((s) => [s, state.symbols[s]!.portfolio.equity])),
});

/** The manifest a local run of the job would write, as bytes (made by the event store itself). */
function manifestFor(job: Job, workDir: string, registry: StrategyRegistry | undefined): Buffer {
  const config = resolveConfig(job.config, `job ${job.runId} /config`);
  decideContext(config, registry);
  const scratch = mkdtempSync(join(workDir, '.manifest-'));
  try {
    createRun({ dir: join(scratch, 'run'), config, createdAt: job.createdAt, policy: { kind: 'close' } }).close();
    return readFileSync(join(scratch, 'run', 'manifest.json'));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export const optionsKey = (runId: string): string => `${runId}.options`;

/** The stored manifest of `runId`, created from the job when this is the run's first attempt. */
async function storedManifest(t: TickfoldNats, job: Job, workDir: string, registry: StrategyRegistry | undefined): Promise<Uint8Array> {
  const existing = await t.manifests.get(job.runId);
  if (existing !== null && existing.length > 0) return existing.value;
  const bytes = manifestFor(job, workDir, registry);
  // What `tickfold run --resume` needs beside the store's files (the CLI's cli-run.json).
  const files = job.strategyFiles?.length ? { strategyFiles: job.strategyFiles, strategyDir: job.strategyDir } : {};
  await t.manifests.put(optionsKey(job.runId), JSON.stringify({ ticks: job.ticks, baseDir: job.baseDir, ...files }));
  try {
    await t.manifests.create(job.runId, bytes);
    return bytes;
  } catch (e) {
    // Another attempt stored it first: theirs is the run's.
    const again = await t.manifests.get(job.runId);
    // Nobody stored it: the create failed on the server's side (a restart mid-sweep), which is
    // transient: the job goes back to the queue and is tried again, not failed for good.
    if (again === null) throw natsError('E_NATS_UNREACHABLE', `cannot store the manifest of run ${job.runId} (${(e as Error).message}); the job will be retried`, { runId: job.runId });
    return again.value;
  }
}

/** The newest snapshot file of a run directory, as bytes. */
export function newestSnapshot(dir: string): Buffer | null {
  const names = readdirSync(join(dir, 'snapshots')).filter((n) => n.endsWith('.json')).sort();
  return names.length === 0 ? null : readFileSync(join(dir, 'snapshots', names.at(-1)!));
}

/**
 * Runs (or resumes) one job: rebuilds the run from its stored chunks, continues the engine from
 * the last stored tick, appends each chunk fenced by expected-last-subject-sequence, then stores
 * the final snapshot and the result. Throws E_NATS_FENCED when another writer took the run.
 */
export async function runJob(t: TickfoldNats, job: Job, options: RunJobOptions): Promise<RunResultRecord> {
  const dir = join(options.workDir, job.runId);
  rmSync(dir, { recursive: true, force: true });
  const registry = options.registryFor ? await options.registryFor(job) : options.registry;
  const manifest = await storedManifest(t, job, options.workDir, registry);
  const replica = createReplica(dir, manifest, registry);
  try {
    let last: EventRecord | undefined;
    const at = await readRunLog(t, job.runId, (records) => {
      replica.add(records);
      last = records.at(-1);
    });
    let state = replica.state;
    let head = replica.head;
    let reason: string;
    if (state.status === 'ended') {
      // The last attempt stored the whole log but died before the result.
      reason = (last?.event as { data?: { reason?: string } } | undefined)?.data?.reason ?? 'completed';
    } else {
      const appender = new RunLogAppender(t, job.runId, options.writer, at, options);
      const sink = new NatsSink(appender, { chunkBytes: options.chunkBytes, everyTick: replica.config.clock.mode === 'real' });
      const feed = createFeed(replica.config, { baseDir: job.baseDir, cacheDir: dir });
      const progress: EngineSink = { write: (_r, s) => options.onTick?.(s.tick) };
      const engine = createEngine(replica.config, {
        feed,
        sinks: [replica.writer, sink, progress],
        registry,
        ...(state.status === 'running' ? { resume: { state, head } } : {}),
      });
      try {
        const result = await engine.run({ ticks: job.ticks });
        await sink.flush();
        state = result.state;
        head = result.head;
        reason = result.reason;
      } finally {
        await feed.close?.();
      }
    }
    replica.writer.close({ state, head });
    const snapshot = newestSnapshot(dir);
    if (snapshot) await t.snapshots.put(job.runId, snapshot);
    const record = resultOf(job.runId, state, head, reason);
    await t.results.put(job.runId, JSON.stringify(record));
    return record;
  } finally {
    replica.writer.close();
    // The stream holds the run: the local copy was only the engine's working copy.
    rmSync(dir, { recursive: true, force: true });
  }
}

