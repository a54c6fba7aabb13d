import { replayRun } from '@tickfold/event-store';
import { createMetricsTracker } from '../metrics/index.js';
import { parseUntil } from '../args/until.js';
import { printJson, printLine, type Io } from '../io.js';
import { withReadProgress } from '../output/readProgress.js';
import { summarize } from '../output/summary.js';
import { summaryText } from '../output/table.js';
import { existingRunDir, readRunOptions, RUN_OPTIONS_FILE } from '../runDir.js';
import { recordedSession, registryForRun } from '../strategies/registry.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { terminalOf } from '../output/terminal.js';
import { EXIT } from '../exitCodes.js';

/**
 * `tickfold replay RUN`: re-derives every derived event from the recorded inputs and checks it
 * against the log (a difference is E_REPLAY_MISMATCH: exit 1), then prints the final state.
 */
export async function replayCommand(run: string, flags: { until?: string; json?: boolean; strategyFile?: readonly string[] }, io: Io): Promise<number> {
  const dir = existingRunDir(io.cwd, run);
  const until = flags.until === undefined ? undefined : parseUntil(flags.until);
  const recorded = existsSync(join(dir, RUN_OPTIONS_FILE)) ? readRunOptions(dir) : undefined;
  const started = recordedSession(dir);
  const registry = await registryForRun(started?.data.strategies, { recorded: recorded?.strategyFiles ?? [], dir: recorded?.strategyDir ?? io.cwd }, flags.strategyFile ?? [], io.cwd);
  const { fs, progress } = withReadProgress(dir, io, 'replay', !flags.json && io.stderr.isTTY === true);
  // The figures fold the replayed events as they are checked: the log is read once.
  const metrics = createMetricsTracker();
  let result;
  try {
    result = replayRun(dir, { ...(until ? { until } : {}), fs, registry, onEvent: (e) => metrics.push(e) });
  } finally {
    progress.stop();
  }
  const summary = summarize(dir, result.state, result.head, metrics.metrics()!);
  if (flags.json) printJson(io, summary);
  else printLine(io, summaryText(summary, `replayed and checked${until ? ` up to ${'seq' in until ? `seq ${until.seq}` : `tick ${until.tick}`}` : ''}`, terminalOf(io.stdout, io.env)));
  return EXIT.ok;
}
