import { openRun, replayRun } from '@tickfold/event-store';
import { parseUntil } from '../args/until.js';
import { printJson, printLine, type Io } from '../io.js';
import { createProgress, type Progress } from '../output/progress.js';
import { summarize } from '../output/summary.js';
import { summaryText } from '../output/table.js';
import { existingRunDir } from '../runDir.js';
import { EXIT } from '../exitCodes.js';

/** The bar's total: the run's last seq, from its newest snapshot plus the log after it. */
function progressFor(dir: string, io: Io, enabled: boolean): Progress {
  let total = 0;
  if (enabled) {
    try {
      total = openRun(dir).seq;
    } catch {
      // a damaged log: replay itself reports the damage; go without a bar
    }
  }
  return createProgress({ enabled: enabled && total > 0, stream: io.stderr, label: 'replay', total, unit: 'events' });
}

/**
 * `tickfold replay RUN`: re-derives every derived event from the recorded inputs and checks it
 * against the log (a difference is E_REPLAY_MISMATCH: exit 1), then prints the final state.
 */
export async function replayCommand(run: string, flags: { until?: string; json?: boolean }, io: Io): Promise<number> {
  const dir = existingRunDir(io.cwd, run);
  const until = flags.until === undefined ? undefined : parseUntil(flags.until);
  const progress = progressFor(dir, io, !flags.json && io.stderr.isTTY === true);
  let result;
  try {
    result = replayRun(dir, { ...(until ? { until } : {}), onProgress: (seq) => progress.update(seq) });
  } finally {
    progress.stop();
  }
  const summary = summarize(dir, result.state, result.head);
  if (flags.json) printJson(io, summary);
  else printLine(io, summaryText(summary, `replayed and checked${until ? ` up to ${'seq' in until ? `seq ${until.seq}` : `tick ${until.tick}`}` : ''}`));
  return EXIT.ok;
}
