import { replayRun } from '@tickfold/event-store';
import { parseUntil } from '../args/until.js';
import { printJson, printLine, type Io } from '../io.js';
import { createProgress } from '../output/progress.js';
import { summarize } from '../output/summary.js';
import { summaryText } from '../output/table.js';
import { existingRunDir } from '../runDir.js';
import { EXIT } from '../exitCodes.js';

/**
 * `tickfold replay RUN`: re-derives every derived event from the recorded inputs and checks it
 * against the log (a difference throws E_REPLAY_MISMATCH: exit 1), then prints the final state.
 */
export async function replayCommand(run: string, flags: { until?: string; json?: boolean }, io: Io): Promise<number> {
  const dir = existingRunDir(io.cwd, run);
  const until = flags.until === undefined ? undefined : parseUntil(flags.until);
  const progressEnabled = !flags.json && io.stderr.isTTY === true;
  let progress = createProgress({ enabled: false, stream: io.stderr, label: '', total: 0, unit: '' });
  const result = await replayRun(dir, {
    ...(until ? { until } : {}),
    onProgress(done: number, total?: number) {
      if (progressEnabled && total !== undefined && done === 0) progress = createProgress({ enabled: true, stream: io.stderr, label: 'replay', total, unit: 'events' });
      progress.update(done);
    },
  }).finally(() => progress.stop());
  const summary = summarize(dir, result.state, result.head);
  if (flags.json) printJson(io, summary);
  else printLine(io, summaryText(summary, `replayed and checked${until ? ` up to ${'seq' in until ? `seq ${until.seq}` : `tick ${until.tick}`}` : ''}`));
  return EXIT.ok;
}
