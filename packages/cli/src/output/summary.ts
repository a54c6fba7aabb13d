import type { State } from '@tickfold/core';

/** Per-symbol figures of the `--json` summary. Keys are a stable, documented contract. */
export interface SymbolSummary {
  /** Cash plus position marked at the last close. */
  readonly equity: number;
  readonly cash: number;
  /** Units held; negative when short. */
  readonly position: number;
  readonly fills: number;
  readonly roundTrips: number;
  readonly totalPnl: number;
  readonly fees: number;
  /** Largest fall from the high-water mark, as a fraction. */
  readonly maxDrawdown: number;
}

/** The `--json` document of `run` and `replay`. */
export interface RunSummary {
  /** The run directory. */
  readonly run: string;
  /** Head hash of the event log. */
  readonly head: string;
  readonly events: number;
  readonly ticks: number;
  readonly symbols: Readonly<Record<string, SymbolSummary>>;
}

/**
 * The summary of a run from its state and head hash; symbols in sorted order.
 *
 * @example summarize('runs/demo', result.state, result.head)
 */
export function summarize(run: string, state: State, head: string): RunSummary {
  const symbols: Record<string, SymbolSummary> = {};
  for (const symbol of Object.keys(state.symbols).sort()) {
    const p = state.symbols[symbol]!.portfolio;
    symbols[symbol] = {
      equity: p.equity,
      cash: p.cash,
      position: p.position,
      fills: p.fills,
      roundTrips: p.roundTrips,
      totalPnl: p.totalPnl,
      fees: p.fees,
      maxDrawdown: p.maxDrawdown,
    };
  }
  return { run, head, events: state.seq, ticks: state.tick, symbols };
}
