import { verifyRun } from '@tickfold/event-store';
import { printJson, printLine, type Io } from '../io.js';
import { existingRunDir } from '../runDir.js';
import { EXIT } from '../exitCodes.js';

/** `tickfold verify RUN`: exit 0 clean, 1 corrupt (first bad seq, segment, byte), 2 cannot run. */
export async function verifyCommand(run: string, flags: { json?: boolean }, io: Io): Promise<number> {
  const dir = existingRunDir(io.cwd, run);
  const result = await verifyRun(dir);
  if (flags.json) printJson(io, { run: dir, ...result });
  else if (result.ok) {
    printLine(io, `ok: ${result.events} events, ${result.ticks} ticks, ${result.segments} segment(s), ${result.snapshots} snapshot(s)\nhead  ${result.head}`);
  } else {
    const p = result.problem!;
    printLine(io, `CORRUPT: ${p.code} at seq ${p.seq} (segment ${p.segment}, byte ${p.offset})\n${p.message}\nThe events before seq ${p.seq} are intact; 'tickfold inspect ${run} --from ${Math.max(1, p.seq - 5)}' shows the neighbourhood.`);
  }
  return result.ok ? EXIT.ok : EXIT.failed;
}
