import { createEngine, type EngineDeps, type EventRecord, type RunResult, type State, type TickfoldEvent } from '../index.js';

export interface Collected {
  readonly result: RunResult;
  readonly records: EventRecord[];
  readonly events: TickfoldEvent[];
  readonly states: State[];
}

/** Runs an engine to `ticks` and keeps every record and every published state. */
export async function runCollect(config: unknown, deps: EngineDeps, ticks: number): Promise<Collected> {
  const engine = createEngine(config, deps);
  const records: EventRecord[] = [];
  const states: State[] = [];
  engine.events$.subscribe((r) => records.push(r));
  engine.state$.subscribe((s) => states.push(s));
  const result = await engine.run({ ticks });
  return { result, records, events: records.map((r) => r.event), states };
}

export const ofType = <K extends TickfoldEvent['type']>(events: readonly TickfoldEvent[], type: K) =>
  events.filter((e): e is Extract<TickfoldEvent, { type: K }> => e.type === type);
