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
    holdingDays: (Date.parse(endTime) - Date.parse(b.entryTime)) / DAY_MS,
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
 * The round trips of one symbol's fills (in seq order). A trip closes where core counts one
 * (`Portfolio.roundTrips`): the position returns to exactly zero or goes through it. A fill that
 * goes through zero is split by quantity, fee included, between the trip it closes and the one
 * it opens. The trip still open at the end is included (`open: true`), marked at `mark`.
 *
 * @example roundTrips(fills, { price: 101.5, time: '2024-03-01T00:00:00.000Z' }).filter((t) => !t.open)
 */
export function roundTrips(fills: readonly TradeFill[], mark: { price: number; time: string } | null = null): RoundTrip[] {
  const trips: RoundTrip[] = [];
  let position = 0;
  let b: Building | null = null;
  const open = (f: TradeFill, qty: number, fee: number): Building => ({
    side: qty > 0 ? 'long' : 'short', entryTick: f.tick, entryTime: f.time, entryQty: Math.abs(qty), entryNotional: Math.abs(qty) * f.price,
    exitQty: 0, exitNotional: 0, cash: -qty * f.price, fees: fee, writeOff: 0, maxQty: Math.abs(qty), fills: 1, entryCause: f.cause, exitCause: null,
  });
  for (const f of fills) {
    const before = position;
    // The same arithmetic as core's applyFill, so a trip ends exactly where core counts one.
    const after = before + f.qty;
    position = after;
    if (b === null || before === 0) {
      b = open(f, f.qty, f.fee);
      continue;
    }
    if (Math.sign(f.qty) === Math.sign(before)) {
      b.entryQty += Math.abs(f.qty);
      b.entryNotional += Math.abs(f.qty) * f.price;
      b.cash -= f.qty * f.price;
      b.fees += f.fee;
      b.fills += 1;
      b.maxQty = Math.max(b.maxQty, Math.abs(after));
      continue;
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
    if (after === 0 || flips) {
      trips.push(finish(b, { tick: f.tick, time: f.time }, null, 0));
      b = flips ? open(f, after, f.fee * (1 - share)) : null;
    }
  }
  if (b !== null && position !== 0) trips.push(finish(b, null, mark, position));
  return trips;
}
