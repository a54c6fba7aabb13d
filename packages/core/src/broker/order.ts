import type { Config } from '../config/schema.js';
import type { Portfolio } from '../state/types.js';
import type { Rng } from '../random/seeded.js';

export type BrokerConfig = Config['broker'];

import type { Clip, RejectReason } from '../events/trading.js';

export type OrderPlan =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'fill';
      readonly requestedQty: number;
      readonly qty: number;
      readonly price: number;
      readonly slippageBps: number;
      readonly fee: number;
      readonly clipped: Clip;
      /** Loss beyond the account's cash that a liquidation had to write off (0 otherwise). */
      readonly writeOff: number;
    }
  | { readonly kind: 'reject'; readonly requestedQty: number; readonly reason: RejectReason; readonly message: string };

type Account = Pick<Portfolio, 'cash' | 'position'>;

/** Weight the broker may aim for: clipped to the position limit, and to >= 0 without shorting. */
export function admissibleTarget(target: number, broker: BrokerConfig): number {
  const lo = broker.allowShort ? -broker.maxPosition : 0;
  return Math.min(broker.maxPosition, Math.max(lo, target));
}

/** Units the target weight asks for, at `refPrice`, before any clipping or rounding. */
export function targetUnits(account: Account, target: number, refPrice: number, broker: BrokerConfig): number {
  const equity = account.cash + account.position * refPrice;
  return equity > 0 ? (admissibleTarget(target, broker) * equity) / refPrice : 0;
}

function outcome(account: Account, qty: number, price: number, feeRate: number, refPrice: number) {
  const fee = Math.abs(qty) * price * feeRate;
  const cash = account.cash - qty * price - fee;
  const position = account.position + qty;
  const equity = cash + position * refPrice;
  const weight = position === 0 ? 0 : equity > 0 ? (position * refPrice) / equity : Infinity;
  return { fee, cash, weight };
}

/**
 * Turns a target weight into a simulated fill at `refPrice` (the close, or the next open):
 * slippage moves the price against the order, the fee is a rate of notional, and the quantity
 * is clipped so that the position limit holds after costs and cash never goes negative.
 * Only ever shrinks the requested quantity (no overfill); every number it returns is finite.
 */
export function planOrder(
  account: Account,
  target: number,
  refPrice: number,
  broker: BrokerConfig,
  noise: Rng | null,
  options: { readonly liquidate?: boolean } = {},
): OrderPlan {
  let requestedQty = options.liquidate ? -account.position : targetUnits(account, target, refPrice, broker) - account.position;
  if (requestedQty === 0 || !Number.isFinite(requestedQty)) return { kind: 'none' };
  const slippageBps = broker.slippageBps + (noise && broker.slippageNoiseBps > 0 ? broker.slippageNoiseBps * noise() : 0);
  const slip = slippageBps / 10_000;
  const feeRate = broker.feeBps / 10_000;
  const m = broker.maxPosition;
  const { cash, position: pos } = account;
  const equity = cash + pos * refPrice;
  const buy = requestedQty > 0;
  const price = buy ? refPrice * (1 + slip) : refPrice * (1 - slip);
  const weightAfter = (q: number) => outcome(account, buy ? q : -q, price, feeRate, refPrice).weight;

  // Coming back from over the limit, the order must also pay for its own slippage and fee:
  // (|pos| − q)·ref <= m·(equity − q·|price − ref| − fee) gives the least q that lands inside.
  const over = pos !== 0 && Math.sign(requestedQty) === -Math.sign(pos) && Math.abs(weightAfter(0)) > m;
  if (over) {
    const formula = (Math.abs(pos) * refPrice - m * equity) / (refPrice - m * (Math.abs(price - refPrice) + feeRate * price));
    let least = Math.min(Math.abs(pos), Math.max(Math.abs(requestedQty), broker.sizing === 'whole' ? Math.ceil(formula) : formula));
    // Float rounding of the closed form: step up, doubling from a hair of the position, until inside.
    for (let i = 0, step = Math.abs(pos) * 1e-15; i < 64 && least < Math.abs(pos) && Math.abs(weightAfter(least)) > m; i++, step *= 2) {
      least = Math.min(Math.abs(pos), broker.sizing === 'whole' ? least + 1 : least + step);
    }
    requestedQty = Math.sign(requestedQty) * least;
  }

  let qty = Math.abs(requestedQty);
  let clipped: Clip = null;
  const limitTo = (max: number, why: Clip) => {
    if (max < qty) {
      qty = Math.max(0, max);
      clipped = why;
    }
  };
  if (options.liquidate) {
    // A liquidation closes the whole position whatever it costs; see writeOff below.
  } else if (buy) {
    limitTo(cash / (price * (1 + feeRate)), 'cash');
    // Buying past zero into a long: (pos+q)·ref <= m·(equity − q·(price−ref) − fee)
    if (pos + qty > 0) limitTo((m * equity - pos * refPrice) / (refPrice + m * (price - refPrice + feeRate * price)), 'position-limit');
  } else {
    if (!broker.allowShort) limitTo(Math.max(0, pos), 'position-limit');
    // Selling past zero into a short: (q−pos)·ref <= m·(equity − q·(ref−price) − fee)
    if (pos - qty < 0) limitTo((m * equity + pos * refPrice) / (refPrice + m * (refPrice - price + feeRate * price)), 'position-limit');
  }
  if (broker.sizing === 'whole') {
    const whole = Math.floor(qty + 1e-9); // 499.9999999 of float noise is 500 shares, not 499
    if (whole !== qty && clipped === null) clipped = 'whole-shares';
    qty = whole;
  }
  // Float rounding can leave the closed forms a hair past a bound: shrink until the exact checks
  // hold. An order that only reduces the position is never shrunk for the limit.
  const reducing = (q: number) => Math.abs(pos + (buy ? q : -q)) <= Math.abs(pos);
  for (let i = 0; i < 8 && qty > 0 && !options.liquidate; i++) {
    const o = outcome(account, buy ? qty : -qty, price, feeRate, refPrice);
    if (o.cash >= 0 && (Math.abs(o.weight) <= m || reducing(qty))) break;
    qty = broker.sizing === 'whole' ? qty - 1 : qty * (1 - 1e-9);
  }
  if (!(qty > 0)) {
    const why = clipped as Clip;
    const reason: RejectReason = why === 'whole-shares' ? 'below-one-share' : why === 'cash' ? 'insufficient-cash' : 'position-limit';
    return {
      kind: 'reject',
      requestedQty,
      reason,
      message: `${buy ? 'buy' : 'sell'} of ${Math.abs(requestedQty)} at ${refPrice} not admissible (${reason})`,
    };
  }
  const signed = buy ? qty : -qty;
  const { fee, cash: cashAfter } = outcome(account, signed, price, feeRate, refPrice);
  return { kind: 'fill', requestedQty, qty: signed, price, slippageBps, fee, clipped, writeOff: cashAfter < 0 ? -cashAfter : 0 };
}

/** Whether the gap between current and target weight calls for an order. */
export function needsRebalance(current: number, target: number, position: number, broker: BrokerConfig): boolean {
  const goal = admissibleTarget(target, broker);
  if (Math.abs(current) > broker.maxPosition) return true; // the market pushed a short past the limit
  if (goal === 0) return position !== 0;
  return Math.abs(goal - current) > broker.rebalanceBand;
}
