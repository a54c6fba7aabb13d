import { TickfoldError, type Config, type KillSwitchKind, type SessionEndReason, type TickfoldEvent } from '@tickfold/core';
import { isoMs } from './isoMs.js';
import type { TradeFill } from './trades.js';

/** A fill with where it sits in the log. */
export interface RecordedFill extends TradeFill {
  readonly seq: number;
  readonly symbol: string;
}

/** A kill switch trip as the log recorded it. */
export interface RecordedTrip {
  readonly tick: number;
  readonly time: string;
  readonly kind: KillSwitchKind;
  readonly value: number;
  readonly limit: number;
  readonly until: string | null;
}

/** A Fallback as the log recorded it. */
export interface RecordedFallback {
  readonly tick: number;
  readonly time: string;
  readonly reason: string;
  readonly message: string;
}

/** One symbol's record of a run: per-tick series (index i is the run's i-th tick) and what happened to it. */
export interface SymbolTrack {
  readonly equity: number[];
  readonly position: number[];
  /** Last close known at the tick; null before the first bar. */
  readonly price: (number | null)[];
  /** Index (into the run's ticks) of the first and last tick that delivered a bar: the symbol's own span. */
  firstBarIndex: number | null;
  lastBarIndex: number | null;
  /** Time (epoch ms) of the newest bar of each tick that delivered one, in order. */
  readonly barTimesMs: number[];
  readonly fills: RecordedFill[];
  readonly trips: RecordedTrip[];
  readonly fallbacks: RecordedFallback[];
  /** The kill switch halting the symbol at the last tick (Heartbeat's `halted`), or null. */
  halted: string | null;
}

/** What a run's log holds for metrics and the report, gathered event by event. */
export interface RunTrack {
  readonly config: Config;
  /** Tick number and event time (epoch ms) of each recorded tick, in order. */
  readonly ticks: number[];
  readonly timesMs: number[];
  readonly symbols: Readonly<Record<string, SymbolTrack>>;
  /** SessionEnded's reason; null while the session can still be resumed. */
  endReason: SessionEndReason | null;
  events: number;
}

/** Gathers a run's series from its events in seq order; `push` each one, then read `track`. */
export interface Tracker {
  push(event: TickfoldEvent): void;
  /** Null until SessionStarted was pushed. */
  readonly track: RunTrack | null;
}

/**
 * A tracker of a run's series, for what draws or lists them tick by tick (`report`, `export`):
 * it keeps every tick, so its memory grows with the run; a run's metrics alone come from
 * `createMetricsTracker`, which does not. Only Heartbeat, BarReceived, OrderFilled,
 * KillSwitchTripped, Fallback and the session events are read; it never folds state.
 *
 * @example const t = createTracker(); for (const r of records) t.push(r.event); symbolMetrics(t.track!, 'SPY')
 */
export function createTracker(): Tracker {
  let track: { -readonly [K in keyof RunTrack]: RunTrack[K] } | null = null;
  // The symbols in sorted order with their series: a Heartbeat walks this rather than Object.entries.
  let order: (readonly [string, SymbolTrack])[] = [];
  const symbol = (event: TickfoldEvent & { symbol: string }): SymbolTrack => {
    const s = track!.symbols[event.symbol];
    if (!s) throw new TickfoldError('E_REPORT_SYMBOL', `seq ${event.seq} is about ${event.symbol}, which SessionStarted does not list; the run's log is damaged — run 'tickfold verify'`, { seq: event.seq });
    return s;
  };
  return {
    get track() {
      return track;
    },
    push(event) {
      if (event.type === 'SessionStarted') {
        const config = event.data.config as Config;
        const symbols: Record<string, SymbolTrack> = {};
        for (const s of [...config.symbols].sort()) {
          symbols[s] = { equity: [], position: [], price: [], firstBarIndex: null, lastBarIndex: null, barTimesMs: [], fills: [], trips: [], fallbacks: [], halted: null };
        }
        track = { config, ticks: [], timesMs: [], symbols, endReason: null, events: event.seq };
        order = Object.entries(symbols);
        return;
      }
      if (!track) throw new TickfoldError('E_REPORT_NO_SESSION', `seq ${event.seq} comes before SessionStarted; the run's log is damaged — run 'tickfold verify'`, { seq: event.seq });
      track.events = event.seq;
      switch (event.type) {
        case 'BarReceived': {
          const s = symbol(event);
          const index = track.ticks.length; // this tick's Heartbeat is still to come
          s.firstBarIndex ??= index;
          s.lastBarIndex = index;
          s.barTimesMs.push(isoMs(event.data.bars[event.data.bars.length - 1]!.time));
          return;
        }
        case 'OrderFilled': {
          const { qty, price, fee, cause, writeOff } = event.data;
          symbol(event).fills.push({ seq: event.seq, symbol: event.symbol, tick: event.tick, time: event.time, qty, price, fee, cause, writeOff });
          return;
        }
        case 'KillSwitchTripped': {
          const { kind, value, limit, until } = event.data;
          symbol(event).trips.push({ tick: event.tick, time: event.time, kind, value, limit, until });
          return;
        }
        case 'Fallback':
          symbol(event).fallbacks.push({ tick: event.tick, time: event.time, reason: event.data.reason, message: event.data.message });
          return;
        case 'Heartbeat':
          track.ticks.push(event.tick);
          track.timesMs.push(isoMs(event.time));
          const pulses = event.data.symbols;
          for (const [name, s] of order) {
            const pulse = pulses[name];
            if (!pulse) throw new TickfoldError('E_REPORT_SYMBOL', `Heartbeat seq ${event.seq} has no figures for ${name}; the run's log is damaged — run 'tickfold verify'`, { seq: event.seq });
            s.equity.push(pulse.equity);
            s.position.push(pulse.position);
            s.price.push(pulse.price);
            s.halted = pulse.halted;
          }
          return;
        case 'SessionEnded':
          track.endReason = event.data.reason;
          return;
        default:
          return;
      }
    },
  };
}

/**
 * A tracker fed with every event of `records` (a run's log, or the prefix of a resumed one).
 *
 * @example const track = trackRecords(readRun('runs/a')).track!
 */
export function trackRecords(records: Iterable<{ readonly event: TickfoldEvent }>, tracker: Tracker = createTracker()): Tracker {
  for (const { event } of records) tracker.push(event);
  return tracker;
}
