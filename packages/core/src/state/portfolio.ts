import type { Mutable, Portfolio } from './types.js';

type P = Mutable<Portfolio>;

/**
 * Weight reported when equity is gone but a position is open: large enough that any limit
 * check fails and the broker reduces, yet finite so the state stays serializable.
 */
export const EXHAUSTED_EQUITY_WEIGHT = 1e6;

/** Re-values the portfolio at `price` (the latest close). */
export function mark(p: P, price: number): void {
  p.markPrice = price;
  p.equity = p.cash + p.position * price;
  p.unrealizedPnl = p.position === 0 ? 0 : (price - p.avgPrice) * p.position;
  p.weight =
    p.position === 0 ? 0 : p.equity > 0 ? (p.position * price) / p.equity : Math.sign(p.position) * EXHAUSTED_EQUITY_WEIGHT;
  if (p.equity > p.highWaterMark) p.highWaterMark = p.equity;
  const drawdown = p.highWaterMark > 0 ? 1 - p.equity / p.highWaterMark : 0;
  if (drawdown > p.maxDrawdown) p.maxDrawdown = drawdown;
  p.dailyPnl = p.equity - p.dayStartEquity;
  p.totalPnl = p.equity - p.initialCash;
}

/** Books a fill of signed `qty` at `price` with `fee`: cash, average price, realized P&L, round trips. */
export function applyFill(p: P, qty: number, price: number, fee: number, writeOff = 0): void {
  const before = p.position;
  const after = before + qty;
  // A liquidation that costs more than the cash leaves exactly nothing, and books the rest as a write-off.
  // The same expression, operand for operand, as the broker's check (broker/order.ts outcome):
  // cash - (qty·price + fee) can round one ulp below zero where (cash - qty·price) - fee does not.
  p.cash = writeOff > 0 ? 0 : p.cash - qty * price - fee;
  p.writeOffs += writeOff;
  p.fees += fee;
  p.fills += 1;
  p.turnover += Math.abs(qty * price);
  if (before === 0 || Math.sign(qty) === Math.sign(before)) {
    p.avgPrice = (p.avgPrice * Math.abs(before) + price * Math.abs(qty)) / Math.abs(after);
  } else {
    const closing = Math.min(Math.abs(qty), Math.abs(before));
    p.realizedPnl += closing * (price - p.avgPrice) * Math.sign(before);
    if (after === 0) p.avgPrice = 0;
    else if (Math.sign(after) !== Math.sign(before)) p.avgPrice = price;
    p.roundTrips += after === 0 || Math.sign(after) !== Math.sign(before) ? 1 : 0;
  }
  p.position = after;
}

/** A new UTC day: daily P&L counts from here. */
export function startDay(p: P): void {
  p.dayStartEquity = p.equity;
  p.dailyPnl = 0;
}
