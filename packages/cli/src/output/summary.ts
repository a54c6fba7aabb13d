import type { RunEnd, State } from '@tickfold/core';
import type { HaltedBy, RunMetrics, SymbolMetrics } from '../metrics/index.js';

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
  /** The kill switch halting the symbol at the end, with its trip; null when it may trade. */
  readonly haltedBy: HaltedBy | null;
  /** Performance over the symbol's own span (see the metrics module). */
  readonly metrics: SymbolMetrics;
}

/** The `--json` document of `run` and `replay`. */
export interface RunSummary {
  /** The run directory. */
  readonly run: string;
  /** Head hash of the event log. */
  readonly head: string;
  readonly events: number;
  readonly ticks: number;
  /** Why the session ended; 'stopped' when it did not end and can be resumed. */
  readonly endReason: RunEnd;
  readonly symbols: Readonly<Record<string, SymbolSummary>>;
}

/**
 * The summary of a run from its state, head hash and metrics; symbols in sorted order.
 *
 * @example summarize('runs/demo', result.state, result.head, runMetrics(tracker.track!))
 */
export function summarize(run: string, state: State, head: string, metrics: RunMetrics): RunSummary {
  const symbols: Record<string, SymbolSummary> = {};
  for (const symbol of Object.keys(state.symbols).sort()) {
    const p = state.symbols[symbol]!.portfolio;
    const m = metrics.symbols[symbol]!;
    symbols[symbol] = {
      equity: p.equity,
      cash: p.cash,
      position: p.position,
      fills: p.fills,
      roundTrips: p.roundTrips,
      totalPnl: p.totalPnl,
      fees: p.fees,
      maxDrawdown: p.maxDrawdown,
      haltedBy: m.haltedBy,
      metrics: m,
    };
  }
  return { run, head, events: state.seq, ticks: state.tick, endReason: metrics.endReason ?? 'stopped', symbols };
}
