import { TickfoldError } from '@tickfold/core';
import { verifyRun, type PinnedHead } from '@tickfold/event-store';
import { printJson, printLine, type Io } from '../io.js';
import { withReadProgress } from '../output/readProgress.js';
import { existingRunDir } from '../runDir.js';
import { EXIT } from '../exitCodes.js';
import { parseInteger } from '../args/values.js';

/** `--head HASH` or `--head SEQ:HASH`: a head kept elsewhere that the log must end in or pass through. */
export function parseHead(value: string): PinnedHead {
  const m = /^(?:(\d+):)?([0-9a-f]{64})$/.exec(value.trim().toLowerCase());
  const seq = m?.[1] === undefined ? undefined : Number(m[1]);
  if (!m || (seq !== undefined && (!Number.isSafeInteger(seq) || seq < 1))) {
    throw new TickfoldError('E_FLAG_INVALID', `--head ${value} is not a head hash: give the 64 hex digits 'tickfold run' printed (the log must end there), or SEQ:HASH for the head at a seq (e.g. 5000:3f2a…)`, { flag: '--head', value });
  }
  return seq === undefined ? { hash: m[2]! } : { hash: m[2]!, seq };
}

/** `tickfold verify RUN`: exit 0 clean, 1 corrupt (first bad seq, segment, byte), 2 cannot run. */
export async function verifyCommand(run: string, flags: { json?: boolean; head?: string; threads?: string }, io: Io): Promise<number> {
  const head = flags.head === undefined ? undefined : parseHead(flags.head);
  const threads = flags.threads === undefined ? undefined : parseInteger('--threads', flags.threads, 1, 64);
  const dir = existingRunDir(io.cwd, run);
  const { fs, progress } = withReadProgress(dir, io, 'verify', !flags.json && io.stderr.isTTY === true);
  let result;
  try {
    result = verifyRun(dir, { fs, ...(head ? { head } : {}), ...(threads === undefined ? {} : { parallel: { threads } }) });
  } finally {
    progress.stop();
  }
  if (flags.json) printJson(io, { run: dir, ...result });
  else if (result.ok) {
    const cuts = [
      ...(result.tornTail ? [`the torn tail of ${result.tornTail.bytes} bytes is cut on resume`] : []),
      ...(result.openTickEvents ? [`${result.openTickEvents} events of an unfinished tick are cut on resume`] : []),
    ];
    const state = result.ended ? 'session ended' : `session open (resumable${cuts.length ? `: ${cuts.join('; ')}` : ''})`;
    const pinned = head ? `\npinned head ${head.seq === undefined ? 'matches the end of the log' : `matches at seq ${head.seq}`}` : '';
    printLine(io, `ok: ${result.events} events, ${result.ticks} ticks, ${result.segments} segment(s), ${result.snapshots.valid} snapshot(s) proven, ${state}\nhead  ${result.head}${pinned}`);
  } else if (result.problem) {
    const p = result.problem;
    const where = p.segment ? ` (segment ${p.segment}, byte ${p.offset})` : '';
    const intact = p.seq === undefined ? '' : `\nThe events before seq ${p.seq} are intact; 'tickfold inspect ${run} --from ${Math.max(1, p.seq - 5)}' shows them.`;
    printLine(io, `CORRUPT: ${p.code}${p.seq === undefined ? '' : ` at seq ${p.seq}`}${where}\n${p.message}${intact}`);
  } else {
    const bad = result.snapshots.invalid.map((s) => `  ${s.name}: ${s.reason}`).join('\n');
    printLine(io, `CORRUPT: E_SNAPSHOT_INVALID: the log is intact (${result.events} events, head ${result.head}) but snapshot(s) are not the fold of it:\n${bad}\nSnapshots are only a cache: move the listed files out of snapshots/, or resume with --salvage (which moves them to broken/).`);
  }
  return result.ok ? EXIT.ok : EXIT.failed;
}
