import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { SWEEP_WORKER } from '../workerFiles.js';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { TickfoldError } from '@tickfold/core';
import { nodeFileLayer } from '@tickfold/event-store';
import { parseInteger } from '../args/values.js';
import type { RunCommandFlags } from '../commands/runSetup.js';
import { EXIT } from '../exitCodes.js';
import { note, printJson, printLine, type Io } from '../io.js';
import { createProgress } from '../output/progress.js';
import { gridFromFile, gridFromFlags } from './grid.js';
import { planSweep, type Combination, type SweepDefinition } from './plan.js';
import { runOnNats } from './natsSweep.js';
import { parseRank, ranked, resultsCsv, resultsTable, sweepHash, type SweepRun } from './results.js';
import type { Job, JobResult } from './worker.js';

export interface SweepFlags extends RunCommandFlags {
  readonly grid?: readonly string[];
  readonly gridFile?: string;
  readonly seeds?: string;
  readonly workers?: string;
  readonly workerMemory?: string;
  readonly rank?: string;
  readonly csvOut?: string;
  readonly nats?: string;
}

export const SWEEP_FILE = 'sweep.json';
/** Flags that belong to the sweep itself, not to its runs. */
const OWN: readonly (keyof SweepFlags)[] = ['grid', 'gridFile', 'seeds', 'workers', 'workerMemory', 'rank', 'csvOut', 'out', 'resume', 'json', 'nats'];

const stamp = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

function newDefinition(flags: SweepFlags, io: Io): SweepDefinition {
  const runFlags = Object.fromEntries(Object.entries(flags).filter(([k, v]) => v !== undefined && !(OWN as string[]).includes(k))) as RunCommandFlags;
  const grid = [...(flags.gridFile ? gridFromFile(flags.gridFile, io.cwd) : []), ...gridFromFlags(flags.grid ?? [])];
  return { flags: runFlags, grid, ...(flags.seeds === undefined ? {} : { seeds: flags.seeds }), cwd: io.cwd };
}

function readDefinition(dir: string): SweepDefinition {
  const file = join(dir, SWEEP_FILE);
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { definition: SweepDefinition }).definition;
  } catch (e) {
    throw new TickfoldError('E_SWEEP_NOT_FOUND', `cannot read ${file} (${(e as Error).message}); --resume takes a directory made by 'tickfold sweep'`, { file });
  }
}

/**
 * `tickfold sweep`: every combination of the grid (× symbols or CSV files × seeds) as an ordinary
 * run directory under the sweep's, run on a pool of worker threads, then ranked.
 */
export async function sweepCommand(flags: SweepFlags, io: Io): Promise<number> {
  const rank = parseRank(flags.rank ?? 'total-return');
  const workers = flags.workers === undefined ? availableParallelism() : parseInteger('--workers', flags.workers, 1, 256);
  const memoryMb = flags.workerMemory === undefined ? 1024 : parseInteger('--worker-memory', flags.workerMemory, 64);
  let dir: string;
  let def: SweepDefinition;
  if (flags.resume !== undefined) {
    const given = Object.entries(flags).filter(([k, v]) => v !== undefined && !(k === 'killSwitches' && v === true) && !['resume', 'json', 'workers', 'workerMemory', 'rank', 'csvOut', 'nats'].includes(k));
    if (given.length > 0) throw new TickfoldError('E_FLAG_INVALID', `--resume continues the sweep as it was defined; drop ${given.map(([k]) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')}`, { flag: '--resume' });
    dir = resolve(io.cwd, flags.resume);
    def = readDefinition(dir);
  } else {
    dir = resolve(io.cwd, flags.out ?? join('sweeps', stamp(io.now())));
    if (existsSync(dir) && readdirSync(dir).length > 0) throw new TickfoldError('E_RUN_EXISTS', `sweep directory ${dir} already exists; choose another --out, or continue it with --resume ${flags.out ?? dir}`, { dir });
    def = newDefinition(flags, io);
  }
  const plan = await planSweep(def, io);
  if (plan.runs.length === 0) throw new TickfoldError('E_FLAG_INVALID', `every combination of the grid was rejected by its strategy's check (${plan.skipped.length} skipped): ${plan.skipped[0]?.reason ?? ''}`, {});
  const ids = plan.runs.map((r) => r.id);
  if (flags.resume !== undefined) {
    const before = (JSON.parse(readFileSync(join(dir, SWEEP_FILE), 'utf8')) as { runs: string[] }).runs;
    if (before.join() !== ids.join()) {
      throw new TickfoldError('E_SWEEP_CHANGED', `the sweep's inputs changed since it started (strategy code or data files): its run ids differ; restore them, or start a new sweep`, { dir });
    }
  } else {
    // sweep.json first: a sweep killed before it exists leaves an empty directory that --out takes again.
    mkdirSync(dir, { recursive: true });
    nodeFileLayer.writeFileAtomic(join(dir, SWEEP_FILE), `${JSON.stringify({ definition: def, runs: ids, skipped: plan.skipped }, null, 2)}\n`);
  }
  mkdirSync(join(dir, 'runs'), { recursive: true });
  mkdirSync(join(dir, 'results'), { recursive: true });
  for (const s of plan.skipped) note(io, `tickfold: skipped ${s.params}${s.symbol ? ` ${s.symbol}` : ''}${s.seed ? ` seed ${s.seed}` : ''}: ${s.reason}`);

  const progress = createProgress({ enabled: !flags.json && io.stderr.isTTY === true, stream: io.stderr, label: 'sweep', total: plan.runs.length, unit: 'runs' });
  let done = 0;
  let results: Map<string, JobResult>;
  // Every run is resumable wherever it stands (as after a kill): say how to go on, and leave.
  const removeHandler = io.onInterrupt(() => {
    progress.stop();
    note(io, `tickfold: sweep stopped after ${done} of ${plan.runs.length} runs; continue with: tickfold sweep --resume ${dir}`);
    io.exit(EXIT.interrupted);
  });
  try {
    results =
      flags.nats === undefined
        ? await runOnPool(plan.runs, def, dir, Math.min(workers, plan.runs.length), memoryMb, (n) => progress.update((done = n)))
        : await runOnNats(flags.nats, plan.runs, def, dir, io, (n) => progress.update((done = n)));
  } finally {
    removeHandler();
    progress.stop();
  }

  const runs: SweepRun[] = [];
  const failed: string[] = [];
  for (const c of plan.runs) {
    const r = results.get(c.id)!;
    if (r.ok) runs.push({ id: c.id, dir: join(dir, 'runs', c.id), params: c.params, symbol: c.symbol, seed: c.seed, head: r.head, metrics: r.metrics });
    else failed.push(`${c.id} (${Object.entries(c.params).map(([n, p]) => `${n} ${JSON.stringify(p)}`).join(', ')}, ${c.symbol}, seed ${c.seed}): ${r.error.message}`);
  }
  const order = ranked(runs, rank);
  const hash = sweepHash(runs);
  const document = { sweep: dir, hash, runs: order };
  nodeFileLayer.writeFileAtomic(join(dir, 'results.json'), `${JSON.stringify(document, null, 2)}\n`);
  nodeFileLayer.writeFileAtomic(join(dir, 'results.csv'), resultsCsv(order));
  if (flags.csvOut !== undefined) nodeFileLayer.writeFileAtomic(resolve(io.cwd, flags.csvOut), resultsCsv(order));
  for (const f of failed) note(io, `tickfold: run failed: ${f}`);
  if (flags.json) printJson(io, document);
  else {
    const title = `sweep ${failed.length ? 'ended' : 'completed'}: ${runs.length} runs${plan.skipped.length ? `, ${plan.skipped.length} skipped` : ''}${failed.length ? `, ${failed.length} failed` : ''}, ranked by ${rank}`;
    printLine(io, [title, resultsTable(order), `sweep ${dir}`, `hash  ${hash}`].join('\n'));
  }
  if (failed.length === 0) return EXIT.ok;
  note(io, `tickfold: ${failed.length} run(s) failed; fix the cause and continue with: tickfold sweep --resume ${dir}`);
  return EXIT.cannotRun;
}

/** Each combination on a pool of worker threads in this process. */
async function runOnPool(runs: readonly Combination[], def: SweepDefinition, dir: string, threads: number, memoryMb: number, onDone: (done: number) => void): Promise<Map<string, JobResult>> {
  // Loaded here, not at start-up: every other command would pay for it.
  const { Piscina } = await import('piscina');
  const pool = new Piscina<Job, JobResult>({
    filename: SWEEP_WORKER.href,
    maxThreads: threads,
    minThreads: threads,
    resourceLimits: { maxOldGenerationSizeMb: memoryMb },
  });
  const results = new Map<string, JobResult>();
  try {
    await Promise.all(
      runs.map(async (c) => {
        const result = await pool.run({ id: c.id, flags: c.flags, dir: join(dir, 'runs', c.id), resultFile: join(dir, 'results', `${c.id}.json`), cwd: def.cwd });
        results.set(c.id, result);
        onDone(results.size);
      }),
    );
  } finally {
    await pool.destroy();
  }
  return results;
}
