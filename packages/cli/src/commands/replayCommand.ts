import { replayRun } from '@tickfold/event-store';
import { createMetricsTracker } from '../metrics/index.js';
import { parseUntil } from '../args/until.js';
import { printJson, printLine, type Io } from '../io.js';
import { logBytes } from '../output/readProgress.js';
import { createProgress } from '../output/progress.js';
import { parseInteger } from '../args/values.js';
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
export async function replayCommand(run: string, flags: { until?: string; json?: boolean; strategyFile?: readonly string[]; threads?: string }, io: Io): Promise<number> {
  const dir = existingRunDir(io.cwd, run);
  const until = flags.until === undefined ? undefined : parseUntil(flags.until);
  const threads = flags.threads === undefined ? undefined : parseInteger('--threads', flags.threads, 1, 2);
  const recorded = existsSync(join(dir, RUN_OPTIONS_FILE)) ? readRunOptions(dir) : undefined;
  const started = recordedSession(dir);
  const registry = await registryForRun(started?.data.strategies, { recorded: recorded?.strategyFiles ?? [], dir: recorded?.strategyDir ?? io.cwd }, flags.strategyFile ?? [], io.cwd);
  // The bar counts MB of log by the events replayed, not by the bytes read through a file layer
  // of its own: the log may be read on a second thread (event-store run/replayLines.ts).
  const totalMb = !flags.json && io.stderr.isTTY === true ? logBytes(dir) / MB : 0;
  const progress = createProgress({ enabled: totalMb > 0, stream: io.stderr, label: 'replay', total: tenths(totalMb), unit: 'MB' });
  const onProgress = totalMb > 0 ? (seq: number, total: number) => void (total > 0 && progress.update(tenths(totalMb * Math.min(1, seq / total)))) : undefined;
  // The figures fold the replayed events as they are checked: the log is read once.
  const metrics = createMetricsTracker();
  let result;
  try {
    result = replayRun(dir, { ...(until ? { until } : {}), ...(threads === undefined ? {} : { thread: threads > 1 }), ...(onProgress ? { onProgress } : {}), registry, onEvent: (e) => metrics.push(e) });
  } finally {
    progress.stop();
  }
  const summary = summarize(dir, result.state, result.head, metrics.metrics()!);
  if (flags.json) printJson(io, summary);
  else printLine(io, summaryText(summary, `replayed and checked${until ? ` up to ${'seq' in until ? `seq ${until.seq}` : `tick ${until.tick}`}` : ''}`, terminalOf(io.stdout, io.env)));
  return EXIT.ok;
}

const MB = 1024 * 1024;
const tenths = (mb: number): number => Math.round(mb * 10) / 10;
