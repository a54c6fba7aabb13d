import { join, resolve } from 'node:path';
import { createEngine, resolveConfig, TickfoldError, type Config, type RunResult } from '@tickfold/core';
import { createRun, openRun, type RunWriter } from '@tickfold/event-store';
import { createFeed } from '@tickfold/feed';
import { parseInteger } from '../args/values.js';
import { parseDurability } from '../args/durability.js';
import { readConfigFile } from '../config/file.js';
import { applyRunFlags, type RunFlags } from '../config/flags.js';
import { writeFileAtomic } from '../fsAtomic.js';
import { note, printJson, printLine, type Io } from '../io.js';
import { createProgress } from '../output/progress.js';
import { summarize } from '../output/summary.js';
import { summaryText } from '../output/table.js';
import { claimRunDir, existingRunDir, newRunDir, readRunOptions, RUN_OPTIONS_FILE, type RunOptions } from '../runDir.js';
import { EXIT } from '../exitCodes.js';

export interface RunCommandFlags extends RunFlags {
  readonly config?: string;
  readonly ticks?: string;
  readonly out?: string;
  readonly resume?: string;
  readonly json?: boolean;
  readonly fsync?: string;
}

const DEFAULT_TICKS = 100;

const TITLES: Readonly<Record<RunResult['reason'], string>> = {
  completed: 'run completed',
  'data-exhausted': 'run ended, the data ran out',
  'all-halted': 'run ended, every symbol halted by a kill switch',
  stopped: 'stopped (resumable)',
};

/** Flags that shape a new session; with --resume the run directory's recorded config rules instead. */
const SESSION_FLAGS: readonly (keyof RunCommandFlags)[] = [
  'config', 'feed', 'symbols', 'csv', 'seed', 'strategy', 'fast', 'slow', 'cash', 'feeBps', 'slippageBps', 'fill', 'sizing',
  'minBars', 'maxDrawdown', 'dailyLoss', 'pollInterval', 'maxDataAge', 'out',
];

const durability = (flags: RunCommandFlags) => (flags.fsync === undefined ? {} : { policy: parseDurability(flags.fsync) });

interface Session {
  readonly dir: string;
  readonly config: Config;
  readonly options: RunOptions;
  readonly sink: RunWriter;
  readonly resume?: { state: RunResult['state']; head: string };
}

async function startNew(flags: RunCommandFlags, io: Io): Promise<Session> {
  const base = flags.config === undefined ? undefined : readConfigFile(resolve(io.cwd, flags.config));
  const source = flags.config === undefined ? 'the run config (from the flags)' : `config file ${flags.config} (with the flags over it)`;
  const config = resolveConfig(applyRunFlags(base, flags), source);
  const requested = flags.ticks === undefined ? undefined : parseInteger('--ticks', flags.ticks, 1);
  const feed = createFeed(config, { baseDir: io.cwd });
  const ticks = requested ?? feed.length ?? DEFAULT_TICKS;
  await feed.close?.();
  const dir = flags.out === undefined ? newRunDir(io.cwd, io.now(), config.seed) : claimRunDir(io.cwd, flags.out);
  const sink = createRun({ dir, config, createdAt: io.now().toISOString(), ...durability(flags) });
  const options: RunOptions = { ticks, baseDir: io.cwd };
  writeFileAtomic(join(dir, RUN_OPTIONS_FILE), `${JSON.stringify(options, null, 2)}\n`);
  return { dir, config, options, sink };
}

async function reopen(flags: RunCommandFlags, io: Io): Promise<Session> {
  const given = SESSION_FLAGS.filter((k) => flags[k] !== undefined);
  if (given.length > 0 || flags.killSwitches === false) {
    throw new TickfoldError('E_FLAG_INVALID', `--resume continues the run exactly as it was configured; drop ${given.length ? given.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ') : '--no-kill-switches'} (only --ticks, --fsync and --json go with --resume)`, { flag: '--resume' });
  }
  const dir = existingRunDir(io.cwd, flags.resume!);
  const recorded = readRunOptions(dir);
  const opened = openRun(dir, { forWrite: true, ...durability(flags) });
  for (const w of opened.warnings ?? []) note(io, `tickfold: warning: ${w}`);
  if (opened.ended) {
    throw new TickfoldError('E_RUN_ENDED', `run ${dir} already ended at tick ${opened.tick}; there is nothing to resume (start a new run instead)`, { dir });
  }
  const ticks = flags.ticks === undefined ? recorded.ticks : parseInteger('--ticks', flags.ticks, 1);
  return { dir, config: opened.config, options: { ...recorded, ticks }, sink: opened.writer!, resume: { state: opened.state, head: opened.head } };
}

/**
 * `tickfold run`: a new session (or `--resume DIR`) with the event log on disk, a progress bar on
 * a terminal, Ctrl-C to stop cleanly, and the summary at the end.
 */
export async function runCommand(flags: RunCommandFlags, io: Io): Promise<number> {
  const session = flags.resume === undefined ? await startNew(flags, io) : await reopen(flags, io);
  const feed = createFeed(session.config, { baseDir: session.options.baseDir, cacheDir: session.dir });
  const engine = createEngine(session.config, { feed, sinks: [session.sink], resume: session.resume });
  const progress = createProgress({
    enabled: !flags.json && io.stderr.isTTY === true,
    stream: io.stderr,
    label: 'run',
    total: session.options.ticks,
    unit: 'ticks',
  });
  const ticking = engine.state$.subscribe((s) => progress.update(s.tick));
  let interrupts = 0;
  const removeHandler = io.onInterrupt(() => {
    interrupts += 1;
    if (interrupts > 1) note(io, 'tickfold: already stopping after the current tick; the log is being flushed');
    engine.stop();
  });
  let result: RunResult;
  try {
    result = await engine.run({ ticks: session.options.ticks });
  } catch (e) {
    // Whole ticks already written stay valid; release the run so it can be inspected or resumed.
    try {
      session.sink.close();
    } catch {
      // the original error is the one worth reporting
    }
    throw e;
  } finally {
    ticking.unsubscribe();
    progress.stop();
    removeHandler();
    await feed.close?.();
  }
  await session.sink.close({ state: result.state, head: result.head });
  const summary = summarize(session.dir, result.state, result.head);
  if (flags.json) printJson(io, summary);
  else {
    const title = TITLES[result.reason];
    printLine(io, summaryText(summary, title));
  }
  if (result.reason !== 'stopped') return EXIT.ok;
  note(io, `tickfold: interrupted at tick ${result.ticks}; continue with: tickfold run --resume ${session.dir}`);
  return EXIT.interrupted;
}
