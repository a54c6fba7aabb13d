import { canonical, type TickfoldEvent } from '@tickfold/core';
import { readRun } from '@tickfold/event-store';
import { firstDifference, type ChainedRecord, type Comparison } from './firstDifference.js';

/** Two runs whose SessionStarted differs only in their strategies' code (hash and file). */
export interface StrategyCodeDiff {
  readonly strategies: readonly { readonly name: string; readonly a: { sha256: string; origin: string }; readonly b: { sha256: string; origin: string } }[];
  /** The events after SessionStarted compared by content (their chain hashes all differ from seq 1 on). */
  readonly after: Comparison;
}

const CODE_FIELD = /^\/data\/strategies\/\d+\/(sha256|origin)$/;

/** Each record keyed by its canonical bytes instead of its chain hash, SessionStarted left out. */
async function* byContent(dir: string): AsyncGenerator<ChainedRecord> {
  for (const { event } of readRun(dir)) if (event.seq > 1) yield { event, hash: canonical(event) };
}

/**
 * When two runs part at SessionStarted only in strategy code, says which strategies and whether
 * any event after it differs: "the edit changed nothing" is worth knowing. Undefined otherwise.
 */
export async function strategyCodeDiff(a: string, b: string, c: Comparison): Promise<StrategyCodeDiff | undefined> {
  if (c.identical || c.seq !== 1 || c.a?.type !== 'SessionStarted' || c.b?.type !== 'SessionStarted') return undefined;
  if (!c.fields.every((f) => CODE_FIELD.test(f))) return undefined;
  const sa = (c.a as Extract<TickfoldEvent, { type: 'SessionStarted' }>).data.strategies;
  const sb = (c.b as Extract<TickfoldEvent, { type: 'SessionStarted' }>).data.strategies;
  const strategies = sa
    .map((x, i) => ({ name: x.name, a: { sha256: x.sha256, origin: x.origin }, b: { sha256: sb[i]!.sha256, origin: sb[i]!.origin } }))
    .filter((s) => s.a.sha256 !== s.b.sha256 || s.a.origin !== s.b.origin);
  return { strategies, after: await firstDifference(byContent(a), byContent(b), '') };
}

export function describeStrategyCodeDiff(d: StrategyCodeDiff): string {
  const lines = ['different: only the strategy code differs at seq 1 (SessionStarted)'];
  for (const s of d.strategies) lines.push(`  ${s.name}: A ${s.a.sha256} (${s.a.origin})`, `  ${' '.repeat(s.name.length)}  B ${s.b.sha256} (${s.b.origin})`);
  lines.push(
    d.after.identical
      ? `every event after it is identical (${d.after.events} events): the code change did not change any decision`
      : `the first event after it that differs: seq ${d.after.seq}${d.after.a ? ` (${d.after.a.type})` : ''}, fields ${d.after.fields.join(', ')}`,
  );
  return lines.join('\n');
}
