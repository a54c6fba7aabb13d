import { availableParallelism } from 'node:os';
import { isMainThread } from 'node:worker_threads';
import { dirname, join, resolve } from 'node:path';
import { createRegistry, resolveConfig, TickfoldError, type Config, type Feed, type State, type StrategyRegistry } from '@tickfold/core';
import { checkStrategyRecords, decideContext, type DecideContext } from '@tickfold/core/internal';
import { createRun, nodeFileLayer, openRun, startRunThread, type RunWriter } from '@tickfold/event-store';
import { createFeed } from '@tickfold/feed';
import { parseInteger } from '../args/values.js';
import { parseDurability } from '../args/durability.js';
import { readConfigFile } from '../config/file.js';
import { applyRunFlags } from '../config/flags.js';
import { RUN_FLAGS, flagName, sessionFlagsGiven, type RunCommandFlags, type RunFlagSpec } from './runFlags.js';
import { withBacktestDefaults } from '../config/backtestDefaults.js';
import { note, type Io } from '../io.js';
import { checkLimits } from '../config/limits.js';
import { checkCsvFiles } from '../io/csvFiles.js';
import { loadStrategyFiles, recordedSession, registryForRun } from '../strategies/registry.js';
import { claimRunDir, existingRunDir, newRunDir, readRunOptions, RUN_OPTIONS_FILE, type RunOptions } from '../runDir.js';

export type { RunCommandFlags } from './runFlags.js';

export const DEFAULT_TICKS = 100;



const RESUME_FLAGS = ((keys) => `${keys.slice(0, -1).join(', ')} and ${keys.at(-1)!}`)(
  (Object.keys(RUN_FLAGS) as (keyof typeof RUN_FLAGS)[]).filter((k) => !(RUN_FLAGS[k] as RunFlagSpec).session && k !== 'resume').map(flagName),
);

/**
 * The writer thread (createRun's `thread`): a csv or synthetic run's log is hashed, written and
 * fsynced on a second thread, and the engine's thread only serializes each event (the event store
 * takes it only for a virtual-clock run not fsyncing every tick). By default with two cores or more,
 * and not in a thread already (a sweep's runs share the cores among themselves).
 */
const writerThread = (flags: RunCommandFlags): { thread: boolean } => {
  const threads = flags.threads === undefined ? (isMainThread && availableParallelism() >= 2 ? 2 : 1) : parseInteger('--threads', flags.threads, 1, 2);
  return { thread: threads === 2 };
};

/** `--threads 2` asked for a run the writer thread does not serve (a live run, `--fsync tick`): said, not silently dropped. */
function noteOneThread(flags: RunCommandFlags, sink: RunWriter, io: Io): void {
  // Asked for, in any form --threads takes (`2`, `02`): the parsed count decides.
  if (flags.threads !== undefined && writerThread(flags).thread && !sink.threaded) {
    note(io, "tickfold: note: --threads 2 does not apply to this run: the writer thread serves csv and synthetic runs that do not fsync every tick; its log is written on the engine's thread");
  }
}
const durability = (flags: RunCommandFlags) => (flags.fsync === undefined ? {} : { policy: parseDurability(flags.fsync) });

/** Everything a run needs, whether new or resumed. */
export interface RunSetup {
  readonly dir: string;
  readonly config: Config;
  readonly options: RunOptions;
  readonly feed: Feed;
  readonly sink: RunWriter;
  readonly registry: StrategyRegistry;
  readonly resume?: { readonly state: State; readonly head: string };
}

const runOptionsJson = (options: RunOptions) => `${JSON.stringify(options, null, 2)}\n`;
const writeRunOptions = (dir: string, options: RunOptions) => nodeFileLayer.writeFileAtomic(join(dir, RUN_OPTIONS_FILE), runOptionsJson(options));

/** A new session's config and strategies, from --config, --strategy-file and the flags: what `run` checks before creating anything. */
export interface PlannedRun {
  readonly config: Config;
  readonly registry: StrategyRegistry;
  readonly ctx: DecideContext;
  /** Directory the config's relative CSV paths are resolved against. */
  readonly baseDir: string;
}

export async function planRun(flags: RunCommandFlags, io: Io): Promise<PlannedRun> {
  if (flags.salvage) throw new TickfoldError('E_FLAG_INVALID', '--salvage goes with --resume DIR: it keeps the valid part of a damaged run; a new run has nothing to salvage', { flag: '--salvage' });
  const base = flags.config === undefined ? undefined : readConfigFile(resolve(io.cwd, flags.config));
  const source = flags.config === undefined ? 'the run config (from the flags)' : `config file ${flags.config} (with the flags over it)`;
  const loaded = await loadStrategyFiles(flags.strategyFile ?? [], io.cwd);
  const registry = createRegistry(loaded);
  const config = resolveConfig(withBacktestDefaults(applyRunFlags(base, flags, loaded.map((s) => s.name)), registry), source);
  // Strategy names, params and windows are checked here, not first by the engine: by then the run directory would exist.
  const ctx = decideContext(config, registry);
  // CSV paths written in a config file are relative to that file; paths given to --csv, to the cwd.
  const baseDir = flags.config !== undefined && flags.csv === undefined ? dirname(resolve(io.cwd, flags.config)) : io.cwd;
  checkCsvFiles(config, baseDir);
  return { config, registry, ctx, baseDir };
}

/** A new run directory with its writer, from --config and the flags. */
export async function startNew(flags: RunCommandFlags, io: Io): Promise<RunSetup> {
  const { config, registry, ctx, baseDir } = await planRun(flags, io);
  const writing = { ...durability(flags), ...writerThread(flags) };
  // The writer thread starts up while the feed reads its files (a CSV feed reads them through once).
  startRunThread(writing, config);
  const strategyFiles = flags.strategyFile ?? [];
  const requested = flags.ticks === undefined ? undefined : parseInteger('--ticks', flags.ticks, 1);
  const dir = flags.out === undefined ? newRunDir(io.cwd, io.now(), config.seed) : claimRunDir(io.cwd, flags.out);
  const feed = createFeed(config, { baseDir, cacheDir: dir });
  const files = strategyFiles.length > 0 ? { strategyFiles, strategyDir: io.cwd } : {};
  const options: RunOptions = { ticks: requested ?? feed.tickCount ?? DEFAULT_TICKS, baseDir, ...files };
  checkLimits(config, ctx, options.ticks);
  // cli-run.json is created with the manifest, atomically: no run directory exists without it.
  const sink = createRun({ dir, config, createdAt: io.now().toISOString(), files: { [RUN_OPTIONS_FILE]: runOptionsJson(options) }, ...writing });
  noteOneThread(flags, sink, io);
  return { dir, config, options, feed, sink, registry };
}

/** `--resume DIR`: the recorded config, a writer appending after the last complete tick. */
export async function reopen(flags: RunCommandFlags, io: Io): Promise<RunSetup> {
  // With --resume the run directory's recorded config rules: a flag that shapes a session is refused.
  const given = sessionFlagsGiven(flags);
  if (given.length > 0) {
    throw new TickfoldError('E_FLAG_INVALID', `--resume continues the run exactly as it was configured; drop ${given.map(flagName).join(', ')} (only ${RESUME_FLAGS} go with --resume)`, { flag: '--resume' });
  }
  const dir = existingRunDir(io.cwd, flags.resume!);
  const recorded = readRunOptions(dir);
  const registry = await strategiesToResume(dir, recorded, flags.strategyFile ?? [], io);
  const requested = flags.ticks === undefined ? undefined : parseInteger('--ticks', flags.ticks, 1);
  const opened = openRun(dir, { forWrite: true, ...(flags.salvage ? { salvage: true } : {}), ...durability(flags), ...writerThread(flags) });
  for (const w of opened.warnings ?? []) note(io, `tickfold: warning: ${w}`);
  if (opened.ended) {
    throw new TickfoldError('E_SESSION_ENDED', `run ${dir} already ended at tick ${opened.tick}; there is nothing to resume (start a new run instead)`, { dir });
  }
  if (requested !== undefined && requested < opened.tick) {
    // The engine would end the session at once, for good: a typo must not close a run that was meant to go on.
    opened.writer!.close();
    throw new TickfoldError('E_FLAG_INVALID', `--ticks ${requested} is below the ${opened.tick} ticks run ${dir} already holds; --ticks is the total, so give at least ${opened.tick} (or drop it to use the recorded ${recorded.ticks})`, { flag: '--ticks', value: flags.ticks });
  }
  const options = requested === undefined ? recorded : { ...recorded, ticks: requested };
  try {
    checkLimits(opened.config, decideContext(opened.config, registry), options.ticks);
  } catch (e) {
    opened.writer!.close();
    throw e;
  }
  if (options !== recorded) writeRunOptions(dir, options);
  let feed: Feed;
  try {
    checkCsvFiles(opened.config, options.baseDir);
    feed = createFeed(opened.config, { baseDir: options.baseDir, cacheDir: dir });
  } catch (e) {
    opened.writer!.close();
    throw e;
  }
  // opened.resume is absent when the crash came before SessionStarted reached the disk: the engine then starts afresh.
  noteOneThread(flags, opened.writer!, io);
  return { dir, config: opened.config, options, feed, sink: opened.writer!, registry, ...(opened.resume ? { resume: opened.resume } : {}) };
}

/**
 * The strategies' code loaded again (recorded files, or --strategy-file instead) and checked
 * against the hashes SessionStarted recorded, before anything of the run is touched.
 */
export async function strategiesToResume(dir: string, options: RunOptions, overrides: readonly string[], io: Io): Promise<StrategyRegistry> {
  const started = recordedSession(dir);
  const registry = await registryForRun(started?.data.strategies, { recorded: options.strategyFiles ?? [], dir: options.strategyDir ?? io.cwd }, overrides, io.cwd);
  if (started) checkStrategyRecords(started.data.strategies, decideContext(started.data.config, registry));
  return registry;
}
