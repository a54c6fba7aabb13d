import { isoMs } from './isoMs.js';
import { mean, median } from './stats.js';

/** A fill as the trade builder needs it (an OrderFilled's fields). */
export interface TradeFill {
  readonly tick: number;
  readonly time: string;
  /** Signed: + buy, − sell. */
  readonly qty: number;
  readonly price: number;
  readonly fee: number;
  readonly cause: string;
  /** Loss beyond cash a liquidation could not pay (the account did not pay it). */
  readonly writeOff: number;
}

/** One round trip: from a flat (or flipped) position back to flat (or through it). */
export interface RoundTrip {
  readonly side: 'long' | 'short';
  readonly entryTick: number;
  readonly entryTime: string;
  /** Quantity-weighted price of the fills that opened or added to the position. */
  readonly entryPrice: number;
  /** Null while the trip is still open. */
  readonly exitTick: number | null;
  readonly exitTime: string | null;
  /** Quantity-weighted price of the fills that reduced or closed the position; null while none did. */
  readonly exitPrice: number | null;
  /** Largest absolute position held during the trip. */
  readonly maxQty: number;
  /** Calendar days from the entry fill to the exit fill (or to the last mark while open). */
  readonly holdingDays: number;
  /** Cash the trip made: sales minus purchases, minus its fees (a flipping fill's fee split by quantity). Open trips are marked at `mark`. */
  readonly pnl: number;
  /** pnl over the money put in: the entry fills' notional. */
  readonly return: number;
  readonly fees: number;
  readonly fills: number;
  /** Why the position was opened and why it was closed (rebalance, kill-switch, limit). */
  readonly entryCause: string;
  readonly exitCause: string | null;
  readonly open: boolean;
}

const DAY_MS = 86_400_000;

interface Building {
  side: 'long' | 'short';
  entryTick: number;
  entryTime: string;
  entryQty: number;
  entryNotional: number;
  exitQty: number;
  exitNotional: number;
  cash: number;
  fees: number;
  writeOff: number;
  maxQty: number;
  fills: number;
  entryCause: string;
  exitCause: string | null;
}

const finish = (b: Building, exit: { tick: number; time: string } | null, mark: { price: number; time: string } | null, position: number): RoundTrip => {
  const markValue = exit === null && mark !== null ? position * mark.price : 0;
  const pnl = b.cash + markValue + b.writeOff - b.fees;
  const endTime = exit?.time ?? mark?.time ?? b.entryTime;
  return {
    side: b.side,
    entryTick: b.entryTick,
    entryTime: b.entryTime,
    entryPrice: b.entryNotional / b.entryQty,
    exitTick: exit?.tick ?? null,
    exitTime: exit?.time ?? null,
    exitPrice: b.exitQty > 0 ? b.exitNotional / b.exitQty : null,
    maxQty: b.maxQty,
    // isoMs is Date.parse (property-tested), without parsing the instant the engine stamped last.
    holdingDays: (isoMs(endTime) - isoMs(b.entryTime)) / DAY_MS,
    pnl,
    return: b.entryNotional > 0 ? pnl / b.entryNotional : 0,
    fees: b.fees,
    fills: b.fills,
    entryCause: b.entryCause,
    exitCause: b.exitCause,
    open: exit === null,
  };
};

/**
 * Round trips as fills arrive (in seq order), holding only the trip still open. A trip closes
 * where core counts one (`Portfolio.roundTrips`): the position returns to exactly zero or goes
 * through it. A fill that goes through zero is split by quantity, fee included, between the trip
 * it closes and the one it opens.
 */
export class RoundTripBuilder {
  private position = 0;
  private b: Building | null = null;

  /** Folds in the next fill; returns the trip it closed, if any. */
  push(f: TradeFill): RoundTrip | null {
    const before = this.position;
    // The same arithmetic as core's applyFill, so a trip ends exactly where core counts one.
    const after = before + f.qty;
    this.position = after;
    const b = this.b;
    if (b === null || before === 0) {
      this.b = opened(f, f.qty, f.fee);
      return null;
    }
    if (Math.sign(f.qty) === Math.sign(before)) {
      b.entryQty += Math.abs(f.qty);
      b.entryNotional += Math.abs(f.qty) * f.price;
      b.cash -= f.qty * f.price;
      b.fees += f.fee;
      b.fills += 1;
      b.maxQty = Math.max(b.maxQty, Math.abs(after));
      return null;
    }
    const flips = after !== 0 && Math.sign(after) !== Math.sign(before);
    const closing = flips ? Math.abs(before) : Math.abs(f.qty);
    const share = closing / Math.abs(f.qty);
    b.exitQty += closing;
    b.exitNotional += closing * f.price;
    b.cash += Math.sign(before) * closing * f.price;
    b.fees += f.fee * share;
    b.writeOff += f.writeOff;
    b.fills += 1;
    b.exitCause = f.cause;
    if (after !== 0 && !flips) return null;
    this.b = flips ? opened(f, after, f.fee * (1 - share)) : null;
    return finish(b, { tick: f.tick, time: f.time }, null, 0);
  }

  /** The trip still open, marked at `mark`; null when flat. */
  open(mark: { price: number; time: string } | null): RoundTrip | null {
    return this.b !== null && this.position !== 0 ? finish(this.b, null, mark, this.position) : null;
  }
}

const opened = (f: TradeFill, qty: number, fee: number): Building => ({
  side: qty > 0 ? 'long' : 'short', entryTick: f.tick, entryTime: f.time, entryQty: Math.abs(qty), entryNotional: Math.abs(qty) * f.price,
  exitQty: 0, exitNotional: 0, cash: -qty * f.price, fees: fee, writeOff: 0, maxQty: Math.abs(qty), fills: 1, entryCause: f.cause, exitCause: null,
});

/**
 * The round trips of one symbol's fills (in seq order), as `RoundTripBuilder` closes them; the
 * trip still open at the end is included (`open: true`), marked at `mark`.
 *
 * @example roundTrips(fills, { price: 101.5, time: '2024-03-01T00:00:00.000Z' }).filter((t) => !t.open)
 */
export function roundTrips(fills: readonly TradeFill[], mark: { price: number; time: string } | null = null): RoundTrip[] {
  const trips: RoundTrip[] = [];
  const builder = new RoundTripBuilder();
  for (const f of fills) {
    const closed = builder.push(f);
    if (closed) trips.push(closed);
  }
  const open = builder.open(mark);
  if (open) trips.push(open);
  return trips;
}

/** What the metrics take from closed round trips, gathered one trip at a time. */
export class TradeStats {
  private trades = 0;
  private wins = 0;
  private gains = 0;
  private lossSum = 0;
  private readonly returns: number[] = [];
  private readonly holding: number[] = [];

  /** Counts a round trip if it is closed. */
  add(t: RoundTrip): void {
    if (t.open) return;
    this.trades += 1;
    if (t.pnl > 0) {
      this.wins += 1;
      this.gains += t.pnl;
    }
    if (t.pnl < 0) this.lossSum += t.pnl;
    this.returns.push(t.return);
    this.holding.push(t.holdingDays);
  }

  figures() {
    if (this.trades === 0) return { trades: 0, winRate: null, profitFactor: null, avgTradeReturn: null, medianTradeReturn: null, avgHoldingDays: null, medianHoldingDays: null };
    const losses = -this.lossSum;
    return {
      trades: this.trades,
      winRate: this.wins / this.trades,
      profitFactor: losses > 0 ? this.gains / losses : null,
      avgTradeReturn: mean(this.returns),
      medianTradeReturn: median(this.returns),
      avgHoldingDays: mean(this.holding),
      medianHoldingDays: median(this.holding),
    };
  }
}
