import { existsSync, readdirSync, rmSync } from 'node:fs';
import type { StrategyRegistry } from '@tickfold/core';
import { natsError } from './errors.js';
import { checkRunId } from './names.js';
import { createReplica } from './replica.js';
import { newestSnapshot, optionsKey } from './runJob.js';
import { readRunLog } from './runLog.js';
import type { TickfoldNats } from './schema.js';

export interface FetchedRun {
  readonly dir: string;
  /** The job's tick total and base directory, as submitted. */
  readonly options: { readonly ticks: number; readonly baseDir: string; readonly strategyFiles?: readonly string[]; readonly strategyDir?: string } | null;
  readonly events: number;
  readonly ticks: number;
  readonly head: string;
  readonly ended: boolean;
}

/**
 * Writes run `runId` from the stream into `dir` (which must not exist or be empty): the same
 * manifest, segments and snapshots a local run writes, so verify/replay/diff/report work on it.
 * On any error the directory is removed again: nothing half-written is left.
 *
 * @example await fetchRun(t, 'sweep-1a2b', 'runs/sweep-1a2b')
 */
export async function fetchRun(t: TickfoldNats, runId: string, dir: string, registry?: StrategyRegistry): Promise<FetchedRun> {
  checkRunId(runId);
  const manifest = await t.manifests.get(runId);
  if (manifest === null || manifest.length === 0) {
    throw natsError('E_NATS_RUN_NOT_FOUND', `run ${runId} is not on this NATS server (no manifest in bucket tickfold-manifests); check the run id, or submit the run first`, { runId });
  }
  const fresh = !existsSync(dir) || readdirSync(dir).length === 0;
  if (!fresh) throw natsError('E_RUN_EXISTS', `${dir} already exists and is not empty; fetch into a new directory`, { dir });
  const replica = createReplica(dir, manifest.value, registry);
  try {
    await readRunLog(t, runId, (records) => replica.add(records));
    const { state, head } = replica;
    replica.writer.close({ state, head });
    const ended = state.status === 'ended';
    const stored = ended ? await t.snapshots.get(runId) : null;
    const local = newestSnapshot(dir);
    if (stored !== null && stored.length > 0 && (local === null || !local.equals(Buffer.from(stored.value)))) {
      throw natsError('E_NATS_SNAPSHOT_MISMATCH', `the final snapshot stored for run ${runId} differs from the state folded from its log; the stored snapshot or log was changed: fetch again, or run it again`, { runId });
    }
    const result = await t.results.get(runId);
    const done = result && result.length > 0 ? (JSON.parse(result.string()) as { status: string; head?: string; events?: number }) : null;
    if (done?.status === 'done' && (done.head !== head || done.events !== state.seq)) {
      throw natsError('E_NATS_LOG_SHORT', `run ${runId}'s stored log ends at seq ${state.seq} (head ${head.slice(0, 12)}…) but its result says seq ${done.events} (head ${done.head?.slice(0, 12)}…): the stream lost the log's tail after the run finished; run it again (same inputs, same head)`, { runId, seq: state.seq });
    }
    const options = await t.manifests.get(optionsKey(runId));
    return { dir, options: options && options.length > 0 ? (JSON.parse(options.string()) as FetchedRun['options']) : null, events: state.seq, ticks: state.tick, head, ended };
  } catch (e) {
    replica.writer.close();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
