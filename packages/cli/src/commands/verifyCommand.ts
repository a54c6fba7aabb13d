import { verifyRun } from '@tickfold/event-store';
import { printJson, printLine, type Io } from '../io.js';
import { withReadProgress } from '../output/readProgress.js';
import { existingRunDir } from '../runDir.js';
import { EXIT } from '../exitCodes.js';

/** `tickfold verify RUN`: exit 0 clean, 1 corrupt (first bad seq, segment, byte), 2 cannot run. */
export async function verifyCommand(run: string, flags: { json?: boolean }, io: Io): Promise<number> {
  const dir = existingRunDir(io.cwd, run);
  const { fs, progress } = withReadProgress(dir, io, 'verify', !flags.json && io.stderr.isTTY === true);
  let result;
  try {
    result = verifyRun(dir, { fs });
  } finally {
    progress.stop();
  }
  if (flags.json) printJson(io, { run: dir, ...result });
  else if (result.ok) {
    const state = result.ended ? 'session ended' : `session open (resumable${result.openTickEvents ? `; ${result.openTickEvents} events of an unfinished tick will be cut on resume` : ''})`;
    printLine(io, `ok: ${result.events} events, ${result.ticks} ticks, ${result.segments} segment(s), ${result.snapshots.valid} snapshot(s), ${state}\nhead  ${result.head}`);
  } else if (result.problem) {
    const p = result.problem;
    printLine(io, `CORRUPT: ${p.code} at seq ${p.seq} (segment ${p.segment}, byte ${p.offset})\n${p.message}\nThe events before seq ${p.seq} are intact; 'tickfold inspect ${run} --from ${Math.max(1, p.seq - 5)}' shows them.`);
  } else {
    const bad = result.snapshots.invalid.map((s) => `  ${s.name}: ${s.reason}`).join('\n');
    printLine(io, `CORRUPT: E_SNAPSHOT_INVALID: the log is intact (${result.events} events, head ${result.head}) but snapshot(s) are invalid:\n${bad}\nSnapshots are only a cache: delete the listed files and recovery rebuilds state from the log.`);
  }
  return result.ok ? EXIT.ok : EXIT.failed;
}
