import { Drawdown, ReturnMoments } from './stats.js';
import type { TradeFill } from './trades.js';

/**
 * An account's equity curve folded tick by tick over its span, from `initial` (the curve's first
 * point, before the span's first tick): everything the metrics read off the per-tick series, in
 * memory that does not grow with the ticks. Sums run in tick order, so they equal the sums over
 * the sliced arrays bit for bit. `copy()` keeps the figures at one tick while the curve goes on.
 */
export class AccountCurve {
  /** Ticks folded in (the span's length so far). */
  ticks = 0;
  /** Equity at the last tick folded in; `initial` before any. */
  final: number;
  /** Sum of the curve's points, the initial one included. */
  total: number;
  /** Ticks that ended with a position open. */
  exposed = 0;
  /** First and last known close over the ticks folded in: the buy-and-hold benchmark. */
  firstPrice: number | null = null;
  lastPrice: number | null = null;
  drawdown = new Drawdown();
  returns = new ReturnMoments();

  constructor(readonly initial: number) {
    this.final = initial;
    this.total = 0 + initial;
    this.drawdown.add(initial);
  }

  tick(equity: number, position: number, price: number | null | undefined): void {
    const previous = this.final;
    this.returns.add(previous > 0 ? equity / previous - 1 : 0);
    this.final = equity;
    this.total += equity;
    this.ticks += 1;
    this.drawdown.add(equity);
    if (position !== 0) this.exposed += 1;
    if (price !== null && price !== undefined) {
      this.firstPrice ??= price;
      this.lastPrice = price;
    }
  }

  /** The mean of the curve's points, the initial one included. */
  meanEquity(): number {
    return this.total / (this.ticks + 1);
  }

  copy(): AccountCurve {
    const c = new AccountCurve(this.initial);
    c.ticks = this.ticks;
    c.final = this.final;
    c.total = this.total;
    c.exposed = this.exposed;
    c.firstPrice = this.firstPrice;
    c.lastPrice = this.lastPrice;
    c.drawdown = this.drawdown.copy();
    c.returns = this.returns.copy();
    return c;
  }
}

/** What the metrics read off an account's fills: their count, fees and traded value, summed in seq order. */
export class FillTotals {
  count = 0;
  fees = 0;
  traded = 0;

  add(f: TradeFill): void {
    this.count += 1;
    this.fees += f.fee;
    this.traded += Math.abs(f.qty * f.price);
  }
}
