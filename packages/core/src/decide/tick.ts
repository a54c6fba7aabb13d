import { produce, type Draft } from 'immer';
import { TickfoldError } from '../errors.js';
import type { Bar, BarNotDue, BarReceived, Fallback, TickfoldEvent, Unsequenced } from '../events/index.js';
import { validateEvent } from '../events/validate.js';
import type { Observation } from '../engine/feed.js';
import { applyEvent, plain, utcDay } from '../state/evolve.js';
import { deepFreeze } from '../state/initial.js';
import type { State, SymbolState } from '../state/types.js';
import { planOrder, needsRebalance, type OrderPlan } from '../broker/order.js';
import { checkKillSwitches } from '../risk/killSwitch.js';
import { combineTargets } from '../strategies/registry.js';
import { admit } from './admit.js';
import type { DecideContext } from './context.js';

/** The inputs of one tick: its clock reading and one observation per configured symbol. */
export interface TickInput {
  readonly tick: number;
  readonly time: string;
  readonly observations: Readonly<Record<string, Observation>>;
}

export interface TickResult {
  readonly state: State;
  readonly events: readonly TickfoldEvent[];
}

type Emit = (event: Unsequenced) => TickfoldEvent;

/**
 * One tick, decided and folded: TickStarted; per symbol in sorted order its input event
 * (BarReceived | Fallback) and what follows from it (next-open fill, kill switch, signal,
 * order); Heartbeat. Pure: the same state and input give the same events and state, which is
 * what replay checks. One `produce` per tick.
 */
export function stepTick(state: State, input: TickInput, ctx: DecideContext): TickResult {
  if (input.tick !== state.tick + 1) {
    throw new TickfoldError('E_TICK_ORDER', `tick ${input.tick} cannot follow tick ${state.tick} (after seq ${state.seq}); ticks run 1, 2, 3, … without gaps — resume from the state the last tick left`, { tick: input.tick, seq: state.seq });
  }
  const events: TickfoldEvent[] = [];
  const next = produce(state, (draft) => {
    let seq = draft.seq;
    const emit: Emit = (partial) => {
      const event = sequenced(partial, ++seq);
      validateEvent(event);
      deepFreeze(event);
      applyEvent(draft, event);
      events.push(event);
      return event;
    };
    emit({ type: 'TickStarted', tick: input.tick, time: input.time, data: {} });
    for (const symbol of Object.keys(draft.symbols).sort()) {
      const obs = input.observations[symbol];
      if (!obs) throw new TickfoldError('E_TICK_INPUT', `tick ${input.tick} has no observation for ${symbol}; a feed must answer every configured symbol (a Fallback when it has nothing)`, { tick: input.tick, symbol, seq });
      const s = draft.symbols[symbol]!;
      const inputEvent = emit(admit({ symbol, lastBarTime: s.lastBarTime, bars: plain(s.bars) }, obs, input.tick, input.time, ctx.config));
      decideSymbol(draft.symbols[symbol]!, inputEvent as BarReceived | BarNotDue | Fallback, draft.day!, ctx, emit);
    }
    emit(heartbeat(draft, input.tick, input.time));
  });
  return { state: next, events };
}

/**
 * The event with its keys in sorted order (data, seq, symbol, tick, time, type), so that its
 * canonical bytes come from the fast path of `canonical`. Data literals below keep sorted keys too.
 */
export function sequenced(partial: Unsequenced, seq: number): TickfoldEvent {
  const p = partial as Unsequenced & { symbol?: string };
  return (p.symbol === undefined
    ? { data: p.data, seq, tick: p.tick, time: p.time, type: p.type }
    : { data: p.data, seq, symbol: p.symbol, tick: p.tick, time: p.time, type: p.type }) as TickfoldEvent;
}

function decideSymbol(s: Draft<SymbolState>, input: BarReceived | BarNotDue | Fallback, day: string, ctx: DecideContext, emit: Emit): void {
  // No bar was due (outside the symbol's data, or between bars): nothing moved, nothing to decide.
  if (input.type === 'BarNotDue') return;
  const { tick, time, symbol } = input;
  const { broker } = ctx.config;
  const env = { tick, time, symbol };
  const noise = (purpose: string) => (broker.slippageNoiseBps > 0 ? ctx.random(symbol, tick, purpose) : null);

  if (input.type === 'BarReceived' && s.pending) {
    const { orderId, targetWeight } = s.pending;
    const open = input.data.bars[0]!.open;
    emitOrder(emit, env, orderId, 'rebalance', 'next-open', targetWeight, open, planOrder(s.portfolio, targetWeight, open, broker, noise('next-open')));
  }

  const trip = checkKillSwitches(s, ctx.config.risk, day);
  if (trip) {
    emit({ type: 'KillSwitchTripped', ...env, data: { kind: trip.kind, limit: trip.limit, until: trip.until, value: trip.value } });
    const price = s.portfolio.markPrice;
    if (s.portfolio.position !== 0 && price !== null) {
      emitOrder(emit, env, `${symbol}-${tick}-flatten`, 'kill-switch', 'close', 0, price, planOrder(s.portfolio, 0, price, broker, noise('flatten'), { liquidate: true }));
    }
    return;
  }
  if (input.type !== 'BarReceived') return;
  const bars = plain(s.bars) as readonly Bar[];
  const last = bars[bars.length - 1]!;
  if (!s.halt && bars.length >= ctx.minBars) {
    const { target, components } = combineTargets(ctx.strategies, bars, `${symbol} at tick ${tick}`);
    emit({ type: 'SignalComputed', ...env, data: { barTime: last.time, components: sortedRecord(components), price: last.close, target } });
    const p = s.portfolio;
    if (needsRebalance(p.weight, target, p.position, broker)) {
      const orderId = `${symbol}-${tick}`;
      if (broker.fill === 'next-open') {
        emit({ type: 'OrderSubmitted', ...env, data: { decidedAtBar: last.time, orderId, targetWeight: target } });
      } else {
        emitOrder(emit, env, orderId, 'rebalance', 'close', target, last.close, planOrder(p, target, last.close, broker, noise('close')));
      }
    }
  }
  // The market can carry a position past the limit between orders (a short into a rally, or a
  // long under a limit below 1). Trim it back at this close so that no tick ends over the limit.
  const w = s.portfolio.weight;
  if (Math.abs(w) > broker.maxPosition) {
    const cap = Math.sign(w) * broker.maxPosition;
    emitOrder(emit, env, `${symbol}-${tick}-limit`, 'limit', 'close', cap, last.close, planOrder(s.portfolio, cap, last.close, broker, noise('limit')));
  }
  // Equity gone (a short through a gap): no order can bring the position within the limit, so
  // the account is liquidated whatever the kill-switch settings, and the shortfall written off.
  const p = s.portfolio;
  if (p.position !== 0 && (p.equity <= 0 || Math.abs(p.weight) > broker.maxPosition)) {
    emit({ type: 'KillSwitchTripped', ...env, data: { kind: 'equity-exhausted', limit: 0, until: null, value: p.equity } });
    emitOrder(emit, env, `${symbol}-${tick}-liquidate`, 'kill-switch', 'close', 0, last.close, planOrder(p, 0, last.close, broker, noise('liquidate'), { liquidate: true }));
  }
}

function emitOrder(
  emit: Emit,
  env: { tick: number; time: string; symbol: string },
  orderId: string,
  cause: 'rebalance' | 'kill-switch' | 'limit',
  fillModel: 'close' | 'next-open',
  targetWeight: number,
  refPrice: number,
  plan: OrderPlan,
): void {
  if (plan.kind === 'fill') {
    const { requestedQty, qty, price, slippageBps, fee, clipped, writeOff } = plan;
    emit({ type: 'OrderFilled', ...env, data: { cause, clipped, fee, fillModel, orderId, price, qty, refPrice, requestedQty, slippageBps, targetWeight, writeOff } });
  } else {
    const requestedQty = plan.kind === 'reject' ? plan.requestedQty : 0;
    const reason = plan.kind === 'reject' ? plan.reason : 'no-change';
    const message = plan.kind === 'reject' ? plan.message : 'the position already matches the target';
    emit({ type: 'OrderRejected', ...env, data: { message, orderId, reason, requestedQty, targetWeight } });
  }
}

function heartbeat(draft: Draft<State>, tick: number, time: string): Unsequenced {
  let equity = 0;
  const symbols: Record<string, { equity: number; cash: number; position: number; weight: number; price: number | null; halted: string | null }> = {};
  for (const symbol of Object.keys(draft.symbols).sort()) {
    const s = draft.symbols[symbol]!;
    const p = s.portfolio;
    equity += p.equity;
    symbols[symbol] = { cash: p.cash, equity: p.equity, halted: s.halt?.kind ?? null, position: p.position, price: p.markPrice, weight: p.weight };
  }
  return { type: 'Heartbeat', tick, time, data: { equity, symbols } };
}

export { utcDay };

function sortedRecord(record: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key]!;
  return out;
}
