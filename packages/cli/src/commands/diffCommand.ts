import { GENESIS_HASH, type TickfoldEvent } from '@tickfold/core';
import { openRun, readRun } from '@tickfold/event-store';
import { printJson, printLine, type Io } from '../io.js';
import { existingRunDir } from '../runDir.js';
import { EXIT } from '../exitCodes.js';
import { firstDifference, type Comparison } from './firstDifference.js';

const show = (label: string, e: TickfoldEvent | null): string => `${label}: ${e ? JSON.stringify(e) : '(log ends before this seq)'}`;

/** Head and last seq from the newest snapshot plus the log after it, or null when that cannot be read. */
function quickHead(dir: string): { head: string; seq: number } | null {
  try {
    const { head, seq } = openRun(dir);
    return { head, seq };
  } catch {
    return null;
  }
}

/**
 * Equal heads mean equal logs (each hash covers every event before it), so two finished runs
 * compare from their snapshots alone; otherwise both chains are walked to the first difference.
 */
export function compareRuns(a: string, b: string): Promise<Comparison> | Comparison {
  const [ha, hb] = [quickHead(a), quickHead(b)];
  if (ha && hb && ha.head === hb.head && ha.seq === hb.seq) return { identical: true, head: ha.head, events: ha.seq };
  return firstDifference(readRun(a), readRun(b), GENESIS_HASH);
}

/** `tickfold diff A B`: exit 0 identical (with the shared head), 1 different (first seq, both events, fields). */
export async function diffCommand(runA: string, runB: string, flags: { json?: boolean }, io: Io): Promise<number> {
  const a = existingRunDir(io.cwd, runA);
  const b = existingRunDir(io.cwd, runB);
  const c = await compareRuns(a, b);
  if (flags.json) {
    printJson(io, c.identical ? { identical: true, head: c.head, events: c.events, runs: { a, b } } : { identical: false, seq: c.seq, fields: c.fields, a: c.a, b: c.b, runs: { a, b } });
  } else if (c.identical) {
    printLine(io, `identical: ${c.events} events\nhead  ${c.head}`);
  } else {
    printLine(io, [`different: first differing seq ${c.seq}${c.a && c.b ? ` (${c.a.type})` : ''}`, `fields: ${c.fields.join(', ')}`, show(`A ${runA}`, c.a), show(`B ${runB}`, c.b)].join('\n'));
  }
  return c.identical ? EXIT.ok : EXIT.failed;
}
