import type { BarReceived, Fallback, FillModel, OrderCause, Unsequenced } from '../events/index.js';
import type { SymbolState } from '../state/types.js';
import { planOrder, needsRebalance, type OrderPlan } from '../broker/order.js';
import { checkKillSwitches } from '../risk/killSwitch.js';
import { combineTargets } from '../strategies/registry.js';
import type { DecideContext } from './context.js';
import { sortedRecord } from '../chain/canonical.js';

/**
 * The phases of one symbol's tick, each a pure function of the symbol's state (with every
 * earlier event of the tick folded in) and the tick's input event, returning the events it
 * decides. `stepTick` (decide/tick.ts) runs them in order and folds between them.
 */

type Input = BarReceived | Fallback;
/** The fields every symbol event carries besides its type, data and seq. */
type Envelope = { readonly tick: number; readonly time: string; readonly symbol: string };
const envelopeOf = ({ tick, time, symbol }: Input): Envelope => ({ tick, time, symbol });

/** What a phase returns when it decides nothing: one shared, frozen empty list. */
const NONE: readonly Unsequenced[] = Object.freeze([]);

/** Slippage noise for one order purpose, drawn only when noise is configured. */
const noise = (ctx: DecideContext, { symbol, tick }: Envelope, purpose: string) => (ctx.config.broker.slippageNoiseBps > 0 ? ctx.random(symbol, tick, purpose) : null);

/** Next-open fill: the order decided at the last close fills at this bar's open. */
export function nextOpenFill(s: SymbolState, input: Input, ctx: DecideContext): readonly Unsequenced[] {
  if (input.type !== 'BarReceived' || !s.pending) return NONE;
  const envelope = envelopeOf(input);
  const { orderId, targetWeight } = s.pending;
  const open = input.data.bars[0]!.open;
  return [order(envelope, orderId, 'rebalance', 'next-open', targetWeight, open, planOrder(s.portfolio, targetWeight, open, ctx.config.broker, noise(ctx, envelope, 'next-open')))];
}

/** Kill switches: a trip halts the symbol and flattens any position at the last mark. */
export function killSwitches(s: SymbolState, input: Input, day: string, ctx: DecideContext): readonly Unsequenced[] {
  const trip = checkKillSwitches(s, ctx.config.risk, day);
  if (!trip) return NONE;
  const envelope = envelopeOf(input);
  const events: Unsequenced[] = [{ type: 'KillSwitchTripped', ...envelope, data: { kind: trip.kind, limit: trip.limit, until: trip.until, value: trip.value } }];
  // The trip changes no portfolio field, so the flatten is planned on the same portfolio.
  const price = s.portfolio.markPrice;
  if (s.portfolio.position !== 0 && price !== null) {
    events.push(order(envelope, `${envelope.symbol}-${envelope.tick}-flatten`, 'kill-switch', 'close', 0, price, planOrder(s.portfolio, 0, price, ctx.config.broker, noise(ctx, envelope, 'flatten'), { liquidate: true })));
  }
  return events;
}

/** Signal and order: the strategies' target, then an order when it moved past the band (filled now, or submitted for the next open). */
export function signalAndOrder(s: SymbolState, input: BarReceived, ctx: DecideContext): readonly Unsequenced[] {
  const bars = s.bars;
  if (s.halt || bars.length < ctx.minBars) return NONE;
  const envelope = envelopeOf(input);
  const last = bars[bars.length - 1]!;
  const { broker } = ctx.config;
  const { target, components } = combineTargets(ctx.strategies, bars, envelope);
  // One strategy's components are in key order already; more are copied into it (canonical bytes).
  const sorted = ctx.strategies.length === 1 ? components : sortedRecord(components);
  const events: Unsequenced[] = [{ type: 'SignalComputed', ...envelope, data: { barTime: last.time, components: sorted, price: last.close, target } }];
  // SignalComputed changes no portfolio field: the order is decided on the same portfolio.
  const p = s.portfolio;
  if (needsRebalance(p.weight, target, p.position, broker)) {
    const orderId = `${envelope.symbol}-${envelope.tick}`;
    events.push(
      broker.fill === 'next-open'
        ? { type: 'OrderSubmitted', ...envelope, data: { decidedAtBar: last.time, orderId, targetWeight: target } }
        : order(envelope, orderId, 'rebalance', 'close', target, last.close, planOrder(p, target, last.close, broker, noise(ctx, envelope, 'close'))),
    );
  }
  return events;
}

/**
 * Limit trim: the market can carry a position past the limit between orders (a short into a
 * rally, or a long under a limit below 1); trim it back at this close so no tick ends over it.
 */
export function limitTrim(s: SymbolState, input: BarReceived, ctx: DecideContext): readonly Unsequenced[] {
  const { broker } = ctx.config;
  const w = s.portfolio.weight;
  if (!(Math.abs(w) > broker.maxPosition)) return NONE;
  const envelope = envelopeOf(input);
  const close = s.bars[s.bars.length - 1]!.close;
  const cap = Math.sign(w) * broker.maxPosition;
  return [order(envelope, `${envelope.symbol}-${envelope.tick}-limit`, 'limit', 'close', cap, close, planOrder(s.portfolio, cap, close, broker, noise(ctx, envelope, 'limit')))];
}

/**
 * Liquidation: equity gone (a short through a gap), no order can bring the position within the
 * limit, so the account is liquidated whatever the kill-switch settings and the shortfall written off.
 */
export function liquidation(s: SymbolState, input: BarReceived, ctx: DecideContext): readonly Unsequenced[] {
  const p = s.portfolio;
  const { broker } = ctx.config;
  if (!(p.position !== 0 && (p.equity <= 0 || Math.abs(p.weight) > broker.maxPosition))) return NONE;
  const envelope = envelopeOf(input);
  const close = s.bars[s.bars.length - 1]!.close;
  return [
    { type: 'KillSwitchTripped', ...envelope, data: { kind: 'equity-exhausted', limit: 0, until: null, value: p.equity } },
    order(envelope, `${envelope.symbol}-${envelope.tick}-liquidate`, 'kill-switch', 'close', 0, close, planOrder(p, 0, close, broker, noise(ctx, envelope, 'liquidate'), { liquidate: true })),
  ];
}

/** An order's outcome as an event: OrderFilled, or OrderRejected saying why nothing filled. */
function order(envelope: Envelope, orderId: string, cause: OrderCause, fillModel: FillModel, targetWeight: number, refPrice: number, plan: OrderPlan): Unsequenced {
  if (plan.kind === 'fill') {
    const { requestedQty, qty, price, slippageBps, fee, clipped, writeOff } = plan;
    return { type: 'OrderFilled', ...envelope, data: { cause, clipped, fee, fillModel, orderId, price, qty, refPrice, requestedQty, slippageBps, targetWeight, writeOff } };
  }
  const requestedQty = plan.kind === 'reject' ? plan.requestedQty : 0;
  const reason = plan.kind === 'reject' ? plan.reason : 'no-change';
  const message = plan.kind === 'reject' ? plan.message : 'the position already matches the target';
  return { type: 'OrderRejected', ...envelope, data: { message, orderId, reason, requestedQty, targetWeight } };
}
