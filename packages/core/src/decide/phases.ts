import type { BarReceived, EventOf, Fallback, FillModel, OrderCause, TickfoldEvent } from '../events/index.js';
import type { SymbolState } from '../state/types.js';
import { planOrder, needsRebalance, type OrderPlan } from '../broker/order.js';
import { checkKillSwitches } from '../risk/killSwitch.js';
import { combineTargets } from '../strategies/registry.js';
import type { DecideContext } from './context.js';
import { sortedRecord } from '../chain/canonical.js';

/**
 * The phases of one symbol's tick, each a pure function of the symbol's state (with every
 * earlier event of the tick folded in), the tick's input event and the seq its first event takes,
 * returning the events it decides, numbered from that seq. `stepTick` (decide/tick.ts) runs them
 * in order and folds between them.
 */

type Input = BarReceived | Fallback;
type SymbolEventType = 'KillSwitchTripped' | 'OrderFilled' | 'OrderRejected' | 'OrderSubmitted' | 'SignalComputed';

/**
 * A symbol event of the input's tick, built whole: its keys in sorted order (data, seq, symbol,
 * tick, time, type), so its canonical bytes come from the fast path of `canonical`, and every
 * symbol event has the one shape. Not an envelope spread into a literal and copied again once
 * numbered: a spread in the middle of a literal takes V8's slow path, twice per event.
 */
function symbolEventOf<T extends SymbolEventType>(input: Input, seq: number, type: T, data: EventOf<T>['data']): EventOf<T> {
  return { data, seq, symbol: input.symbol, tick: input.tick, time: input.time, type } as EventOf<T>;
}

/** What a phase returns when it decides nothing: one shared, frozen empty list. */
const NONE: readonly TickfoldEvent[] = Object.freeze([]);

/** Slippage noise for one order purpose, drawn only when noise is configured. */
const noise = (ctx: DecideContext, { symbol, tick }: Input, purpose: string) => (ctx.config.broker.slippageNoiseBps > 0 ? ctx.random(symbol, tick, purpose) : null);

/** Next-open fill: the order decided at the last close fills at this bar's open. */
export function nextOpenFill(s: SymbolState, input: Input, seq: number, ctx: DecideContext): readonly TickfoldEvent[] {
  if (input.type !== 'BarReceived' || !s.pending) return NONE;
  const { orderId, targetWeight } = s.pending;
  const open = input.data.bars[0]!.open;
  return [order(input, seq, orderId, 'rebalance', 'next-open', targetWeight, open, planOrder(s.portfolio, targetWeight, open, ctx.config.broker, noise(ctx, input, 'next-open')))];
}

/** Kill switches: a trip halts the symbol and flattens any position at the last mark. */
export function killSwitches(s: SymbolState, input: Input, day: string, seq: number, ctx: DecideContext): readonly TickfoldEvent[] {
  const trip = checkKillSwitches(s, ctx.config.risk, day);
  if (!trip) return NONE;
  const events: TickfoldEvent[] = [symbolEventOf(input, seq, 'KillSwitchTripped', { kind: trip.kind, limit: trip.limit, until: trip.until, value: trip.value })];
  // The trip changes no portfolio field, so the flatten is planned on the same portfolio.
  const price = s.portfolio.markPrice;
  if (s.portfolio.position !== 0 && price !== null) {
    events.push(order(input, seq + 1, `${input.symbol}-${input.tick}-flatten`, 'kill-switch', 'close', 0, price, planOrder(s.portfolio, 0, price, ctx.config.broker, noise(ctx, input, 'flatten'), { liquidate: true })));
  }
  return events;
}

/** Signal and order: the strategies' target, then an order when it moved past the band (filled now, or submitted for the next open). */
export function signalAndOrder(s: SymbolState, input: BarReceived, seq: number, ctx: DecideContext): readonly TickfoldEvent[] {
  const bars = s.bars;
  if (s.halt || bars.length < ctx.minBars) return NONE;
  const last = bars[bars.length - 1]!;
  const { broker } = ctx.config;
  const { target, components } = combineTargets(ctx.strategies, bars, input);
  // One strategy's components are in key order already; more are copied into it (canonical bytes).
  const sorted = ctx.strategies.length === 1 ? components : sortedRecord(components);
  const signal = symbolEventOf(input, seq, 'SignalComputed', { barTime: last.time, components: sorted, price: last.close, target });
  // SignalComputed changes no portfolio field: the order is decided on the same portfolio.
  const p = s.portfolio;
  if (!needsRebalance(p.weight, target, p.position, broker)) return [signal];
  const orderId = `${input.symbol}-${input.tick}`;
  return [
    signal,
    broker.fill === 'next-open'
      ? symbolEventOf(input, seq + 1, 'OrderSubmitted', { decidedAtBar: last.time, orderId, targetWeight: target })
      : order(input, seq + 1, orderId, 'rebalance', 'close', target, last.close, planOrder(p, target, last.close, broker, noise(ctx, input, 'close'))),
  ];
}

/**
 * Limit trim: the market can carry a position past the limit between orders (a short into a
 * rally, or a long under a limit below 1); trim it back at this close so no tick ends over it.
 */
export function limitTrim(s: SymbolState, input: BarReceived, seq: number, ctx: DecideContext): readonly TickfoldEvent[] {
  const { broker } = ctx.config;
  const w = s.portfolio.weight;
  if (!(Math.abs(w) > broker.maxPosition)) return NONE;
  const close = s.bars[s.bars.length - 1]!.close;
  const cap = Math.sign(w) * broker.maxPosition;
  return [order(input, seq, `${input.symbol}-${input.tick}-limit`, 'limit', 'close', cap, close, planOrder(s.portfolio, cap, close, broker, noise(ctx, input, 'limit')))];
}

/**
 * Liquidation: equity gone (a short through a gap), no order can bring the position within the
 * limit, so the account is liquidated whatever the kill-switch settings and the shortfall written off.
 */
export function liquidation(s: SymbolState, input: BarReceived, seq: number, ctx: DecideContext): readonly TickfoldEvent[] {
  const p = s.portfolio;
  const { broker } = ctx.config;
  if (!(p.position !== 0 && (p.equity <= 0 || Math.abs(p.weight) > broker.maxPosition))) return NONE;
  const close = s.bars[s.bars.length - 1]!.close;
  return [
    symbolEventOf(input, seq, 'KillSwitchTripped', { kind: 'equity-exhausted', limit: 0, until: null, value: p.equity }),
    order(input, seq + 1, `${input.symbol}-${input.tick}-liquidate`, 'kill-switch', 'close', 0, close, planOrder(p, 0, close, broker, noise(ctx, input, 'liquidate'), { liquidate: true })),
  ];
}

/** An order's outcome as an event: OrderFilled, or OrderRejected saying why nothing filled. */
function order(input: Input, seq: number, orderId: string, cause: OrderCause, fillModel: FillModel, targetWeight: number, refPrice: number, plan: OrderPlan): TickfoldEvent {
  if (plan.kind === 'fill') {
    const { requestedQty, qty, price, slippageBps, fee, clipped, writeOff } = plan;
    return symbolEventOf(input, seq, 'OrderFilled', { cause, clipped, fee, fillModel, orderId, price, qty, refPrice, requestedQty, slippageBps, targetWeight, writeOff });
  }
  const requestedQty = plan.kind === 'reject' ? plan.requestedQty : 0;
  const reason = plan.kind === 'reject' ? plan.reason : 'no-change';
  const message = plan.kind === 'reject' ? plan.message : 'the position already matches the target';
  return symbolEventOf(input, seq, 'OrderRejected', { message, orderId, reason, requestedQty, targetWeight });
}
