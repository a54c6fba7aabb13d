import type { KillSwitchTripped, State } from '@tickfold/core';
import { describeEvent } from './describe.js';

/**
 * One line per symbol that a kill switch halted for good, saying when and why, from the trip
 * seen in this process (or only the switch's kind for a trip before a resume).
 *
 * @example haltLines(result.state, trips) // ['halted ORCL at tick 334 (2004-05-06): max-drawdown 20.1% reached limit 20.0%']
 */
export function haltLines(state: State, trips: readonly KillSwitchTripped[]): string[] {
  const lines: string[] = [];
  for (const symbol of Object.keys(state.symbols).sort()) {
    const halt = state.symbols[symbol]!.halt;
    if (!halt || halt.until !== null) continue;
    const trip = [...trips].reverse().find((t) => t.symbol === symbol && t.data.kind === halt.kind);
    lines.push(trip
      ? `halted ${symbol} at tick ${trip.tick} (${trip.time.slice(0, 10)}): ${describeEvent(trip)}; no new orders after that`
      : `halted ${symbol}: ${halt.kind} kill switch (tripped before this process resumed the run)`);
  }
  return lines;
}
