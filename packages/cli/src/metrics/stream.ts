import { TickfoldError, type Config, type SessionEndReason, type TickfoldEvent } from '@tickfold/core';
import { AccountCurve, FillTotals } from './account.js';
import type { RunMetrics, SymbolMetrics } from './compute.js';
import { accountFigures, heldReturn } from './figures.js';
import { isoMs } from './isoMs.js';
import { BarSpacing } from './stats.js';
import { RoundTripBuilder, TradeStats } from './trades.js';
import type { RecordedTrip } from './track.js';

/**
 * One symbol's metrics as its events arrive. Its span runs from its first bar to the later of its
 * last bar and its last fill's tick, which is only known at the end; so the curve folds on past
 * the span's current end, and a copy of it is kept at the tick where the span ends for now (the
 * last bar's, the last fill's). A copy is made only when the curve moves past such a tick, so a
 * symbol with a bar on every tick copies once per tick with a fill.
 */
class SymbolStream {
  private lastBarIndex = -1;
  /** The curve from the first bar's tick to the last Heartbeat; null before the first bar. */
  private curve: AccountCurve | null = null;
  /** The curve at `lastBarIndex`, once a later tick was folded in. */
  private atLastBar: AccountCurve | null = null;
  /** The last fill's tick while its Heartbeat is still to come. */
  private fillTick = -1;
  /** Index of the Heartbeat of the last fill's tick; −1 before it (or never) came. */
  private fillIndex = -1;
  private atFill: AccountCurve | null = null;
  private readonly spacing = new BarSpacing();
  private readonly fills = new FillTotals();
  private readonly builder = new RoundTripBuilder();
  private readonly trades = new TradeStats();
  private trips = 0;
  private readonly lastTrips = new Map<string, RecordedTrip>();
  halted: string | null = null;

  constructor(private readonly cash: number) {}

  /** A bar of the tick whose Heartbeat will have index `index`. */
  bar(index: number, timeMs: number): void {
    this.curve ??= new AccountCurve(this.cash);
    this.lastBarIndex = index;
    this.spacing.add(timeMs);
  }

  /** A fill of a tick whose Heartbeat is still to come. */
  fill(f: { tick: number; time: string; qty: number; price: number; fee: number; cause: string; writeOff: number }): void {
    this.fills.add(f);
    const closed = this.builder.push(f);
    if (closed) this.trades.add(closed);
    this.fillIndex = -1;
    this.fillTick = f.tick;
  }

  trip(t: RecordedTrip): void {
    this.trips += 1;
    this.lastTrips.set(t.kind, t);
  }

  /** The Heartbeat with index `index` for tick `tick`. */
  heartbeat(index: number, tick: number, equity: number, position: number, price: number | null, halted: string | null): void {
    const curve = this.curve;
    if (curve !== null) {
      // The span may end at the previous tick: keep the curve as it stood there.
      if (this.lastBarIndex === index - 1) this.atLastBar = curve.copy();
      if (this.fillIndex === index - 1) this.atFill = curve.copy();
      curve.tick(equity, position, price);
    }
    if (this.fillTick === tick) {
      this.fillIndex = index;
      this.fillTick = -1;
    }
    this.halted = halted;
  }

  /** The metrics after `heartbeats` Heartbeats. */
  metrics(heartbeats: number): SymbolMetrics {
    const last = Math.max(this.lastBarIndex, this.fillIndex);
    const curve = this.curve === null ? new AccountCurve(this.cash)
      : last >= heartbeats - 1 ? this.curve
      : last === this.lastBarIndex ? this.atLastBar!
      : this.atFill!;
    const haltingTrip = this.halted === null ? null : (this.lastTrips.get(this.halted) ?? null);
    return accountFigures({ curve, spacing: this.spacing, fills: this.fills, trades: this.trades, benchmarkReturn: heldReturn(curve), killSwitchTrips: this.trips, haltingTrip });
  }
}

/** Gathers a run's metrics from its events in seq order, in memory that does not grow with the ticks. */
export interface MetricsTracker {
  push(event: TickfoldEvent): void;
  /** Every symbol's metrics over the events pushed so far; null until SessionStarted was pushed. */
  metrics(): RunMetrics | null;
}

interface Session {
  readonly symbols: ReadonlyMap<string, SymbolStream>;
  /** The symbols in sorted order, each with its stream: a Heartbeat walks this. */
  readonly order: readonly (readonly [string, SymbolStream])[];
  heartbeats: number;
  lastTick: number;
  endReason: SessionEndReason | null;
}

const damaged = (code: 'E_REPORT_SYMBOL' | 'E_REPORT_TICK_ORDER', seq: number, what: string) =>
  new TickfoldError(code, `seq ${seq} ${what}; the run's log is damaged — run 'tickfold verify'`, { seq });

/**
 * A tracker of a run's metrics (`run`, `replay`, `sweep`): the same figures as `runMetrics` over
 * the run's whole track, without keeping the track. Reads Heartbeat, BarReceived, OrderFilled,
 * KillSwitchTripped and the session events.
 *
 * @example const t = createMetricsTracker(); for (const r of readRun('runs/a')) t.push(r.event); t.metrics()!.symbols.SPY.sharpe
 */
export function createMetricsTracker(): MetricsTracker {
  let session: Session | null = null;
  const streamOf = (event: TickfoldEvent & { symbol: string }): SymbolStream => {
    const s = session!.symbols.get(event.symbol);
    if (!s) throw damaged('E_REPORT_SYMBOL', event.seq, `is about ${event.symbol}, which SessionStarted does not list`);
    return s;
  };
  return {
    push(event) {
      if (event.type === 'SessionStarted') {
        const config = event.data.config as Config;
        const symbols = new Map([...config.symbols].sort().map((s) => [s, new SymbolStream(config.cash)] as const));
        session = { symbols, order: [...symbols], heartbeats: 0, lastTick: -Infinity, endReason: null };
        return;
      }
      if (!session) throw new TickfoldError('E_REPORT_NO_SESSION', `seq ${event.seq} comes before SessionStarted; the run's log is damaged — run 'tickfold verify'`, { seq: event.seq });
      switch (event.type) {
        case 'BarReceived': {
          const bars = event.data.bars;
          streamOf(event).bar(session.heartbeats, isoMs(bars[bars.length - 1]!.time));
          return;
        }
        case 'OrderFilled': {
          // A fill belongs to a tick whose Heartbeat closes it later; its index is that Heartbeat's.
          if (event.tick <= session.lastTick) throw damaged('E_REPORT_TICK_ORDER', event.seq, `fills at tick ${event.tick}, after the Heartbeat of tick ${session.lastTick}`);
          // The fields the stream reads, by name: spreading the event's (frozen) data took V8's
          // slow path, 60 % of the tracker's time on a session that fills most ticks.
          const { qty, price, fee, cause, writeOff } = event.data;
          streamOf(event).fill({ tick: event.tick, time: event.time, qty, price, fee, cause, writeOff });
          return;
        }
        case 'KillSwitchTripped': {
          const { kind, value, limit, until } = event.data;
          streamOf(event).trip({ tick: event.tick, time: event.time, kind, value, limit, until });
          return;
        }
        case 'Heartbeat': {
          if (event.tick <= session.lastTick) throw damaged('E_REPORT_TICK_ORDER', event.seq, `is the Heartbeat of tick ${event.tick}, after the one of tick ${session.lastTick}`);
          const index = session.heartbeats;
          const pulses = event.data.symbols;
          for (const [name, s] of session.order) {
            const pulse = pulses[name];
            if (!pulse) throw damaged('E_REPORT_SYMBOL', event.seq, `(Heartbeat) has no figures for ${name}`);
            s.heartbeat(index, event.tick, pulse.equity, pulse.position, pulse.price, pulse.halted);
          }
          session.heartbeats = index + 1;
          session.lastTick = event.tick;
          return;
        }
        case 'SessionEnded':
          session.endReason = event.data.reason;
          return;
        default:
          return;
      }
    },
    metrics() {
      if (!session) return null;
      const symbols: Record<string, SymbolMetrics> = {};
      for (const [name, s] of session.order) symbols[name] = s.metrics(session.heartbeats);
      return { endReason: session.endReason, symbols };
    },
  };
}

/**
 * The metrics of a run's records (its log, or a prefix of it); null without SessionStarted.
 *
 * @example metricsOfRecords(readRun('runs/a'))!.symbols.SPY.cagr
 */
export function metricsOfRecords(records: Iterable<{ readonly event: TickfoldEvent }>, tracker: MetricsTracker = createMetricsTracker()): RunMetrics | null {
  for (const { event } of records) tracker.push(event);
  return tracker.metrics();
}
