import { GENESIS_HASH, type TickfoldEvent } from '@tickfold/core';
import { readRun } from '@tickfold/event-store';
import { printJson, printLine, type Io } from '../io.js';
import { existingRunDir } from '../runDir.js';
import { EXIT } from '../exitCodes.js';
import { firstDifference, type Comparison } from './firstDifference.js';
import { describeStrategyCodeDiff, strategyCodeDiff } from './strategyCodeDiff.js';

const show = (label: string, e: TickfoldEvent | null): string => `${label}: ${e ? JSON.stringify(e) : '(log ends before this seq)'}`;

/**
 * Walks both chains to the first difference. Heads from snapshots are not compared as a shortcut:
 * a snapshot records the head the log had when it was written, so a log changed after that would
 * still look identical; reading the lines re-checks every hash.
 */
export function compareRuns(a: string, b: string): Promise<Comparison> {
  return firstDifference(readRun(a), readRun(b), GENESIS_HASH);
}

/** `tickfold diff A B`: exit 0 identical (with the shared head), 1 different (first seq, both events, fields). */
export async function diffCommand(runA: string, runB: string, flags: { json?: boolean }, io: Io): Promise<number> {
  const a = existingRunDir(io.cwd, runA);
  const b = existingRunDir(io.cwd, runB);
  const c = await compareRuns(a, b);
  const code = await strategyCodeDiff(a, b, c);
  if (code) {
    if (flags.json) printJson(io, { identical: false, seq: 1, fields: (c as { fields: readonly string[] }).fields, strategyCode: code.strategies, after: code.after, runs: { a, b } });
    else printLine(io, describeStrategyCodeDiff(code));
  } else if (flags.json) {
    printJson(io, c.identical ? { identical: true, head: c.head, events: c.events, runs: { a, b } } : { identical: false, seq: c.seq, fields: c.fields, a: c.a, b: c.b, runs: { a, b } });
  } else if (c.identical) {
    printLine(io, `identical: ${c.events} events\nhead  ${c.head}`);
  } else {
    printLine(io, [`different: first differing seq ${c.seq}${c.a && c.b ? ` (${c.a.type})` : ''}`, `fields: ${c.fields.join(', ')}`, show(`A ${runA}`, c.a), show(`B ${runB}`, c.b)].join('\n'));
  }
  return c.identical ? EXIT.ok : EXIT.failed;
}
