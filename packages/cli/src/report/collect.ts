import {
  decideContext, evolve, fold, initialState, resolveConfig, TickfoldError,
  type Config, type State, type TickfoldEvent,
} from '@tickfold/core';

export interface Fill {
  readonly seq: number;
  readonly tick: number;
  readonly time: string;
  readonly symbol: string;
  readonly qty: number;
  readonly price: number;
  readonly fee: number;
  readonly cause: string;
  /** Realized P&L this fill booked (before fees). */
  readonly realized: number;
}

export interface Marker {
  readonly tick: number;
  readonly time: string;
  readonly symbol: string;
  readonly kind: 'kill-switch' | 'fallback';
  readonly label: string;
}

/** One symbol's series, one value per tick (index i = tick i + 1). */
export interface SymbolSeries {
  readonly equity: number[];
  readonly drawdown: number[];
  readonly price: (number | null)[];
  readonly fills: Fill[];
  readonly markers: Marker[];
}

/** What the report is made of. */
export interface Collected {
  readonly config: Config;
  readonly head: string;
  readonly state: State;
  /** Tick number and event time (epoch ms) of each recorded tick, in order. */
  readonly ticks: number[];
  readonly timesMs: number[];
  readonly symbols: Readonly<Record<string, SymbolSeries>>;
}

/**
 * Folds a run's events (in seq order) into per-tick series, fills and markers. Uses core's
 * reducer so every figure is the one the run's own state holds.
 */
export async function collect(records: AsyncIterable<{ event: TickfoldEvent; hash: string }> | Iterable<{ event: TickfoldEvent; hash: string }>): Promise<Collected> {
  let state: State | null = null;
  let config: Config | null = null;
  let head = '';
  const ticks: number[] = [];
  const timesMs: number[] = [];
  const series: Record<string, SymbolSeries> = {};
  let batch: TickfoldEvent[] = [];
  const flush = () => {
    if (batch.length) state = fold(state!, batch);
    batch = [];
  };

  for await (const { event, hash } of records) {
    head = hash;
    if (event.type === 'SessionStarted') {
      config = resolveConfig(event.data.config, `SessionStarted (seq ${event.seq}) config`);
      state = evolve(initialState(config, decideContext(config).windowSize), event);
      for (const s of config.symbols) {
        series[s] = { equity: [], drawdown: [], price: [], fills: [], markers: [] };
      }
      continue;
    }
    if (!state) throw new TickfoldError('E_REPORT_NO_SESSION', `seq ${event.seq} comes before SessionStarted; the run's log is damaged — run 'tickfold verify'`, { seq: event.seq });
    if (event.type === 'OrderFilled') {
      flush();
      const before: State = state;
      state = evolve(before, event);
      const p0 = before.symbols[event.symbol]!.portfolio;
      const p1 = (state as State).symbols[event.symbol]!.portfolio;
      const realized = p1.realizedPnl - p0.realizedPnl;
      const { qty, price, fee, cause } = event.data;
      series[event.symbol]!.fills.push({ seq: event.seq, tick: event.tick, time: event.time, symbol: event.symbol, qty, price, fee, cause, realized });
      continue;
    }
    batch.push(event);
    if (event.type === 'KillSwitchTripped') {
      series[event.symbol]!.markers.push({ tick: event.tick, time: event.time, symbol: event.symbol, kind: 'kill-switch', label: event.data.kind });
    } else if (event.type === 'Fallback') {
      series[event.symbol]!.markers.push({ tick: event.tick, time: event.time, symbol: event.symbol, kind: 'fallback', label: event.data.reason });
    } else if (event.type === 'Heartbeat') {
      flush();
      const s: State = state;
      ticks.push(event.tick);
      timesMs.push(Date.parse(event.time));
      for (const [symbol, out] of Object.entries(series)) {
        const p = s.symbols[symbol]!.portfolio;
        out.equity.push(p.equity);
        out.drawdown.push(p.highWaterMark > 0 ? Math.max(0, 1 - p.equity / p.highWaterMark) : 0);
        out.price.push(p.markPrice);
      }
    }
  }
  flush();
  if (!state || !config) throw new TickfoldError('E_REPORT_EMPTY', 'the run has no events; nothing to report (was it started with tickfold run?)');
  return { config, head, state, ticks, timesMs, symbols: series };
}
