import type { Draft } from 'immer';
import { TickfoldError } from '../errors.js';
import type { BarReceived, Fallback, TickfoldEvent, Unsequenced } from '../events/index.js';
import { validateEvent } from '../events/validate.js';
import type { Observation } from '../engine/feed.js';
import { applyEvent } from '../state/evolve.js';
import { freezeState, thaw } from '../state/working.js';
import { deepFreeze } from '../state/initial.js';
import type { State } from '../state/types.js';
import { admit, meetsSchema } from './admit.js';
import type { DecideContext } from './context.js';
import { killSwitches, limitTrim, liquidation, nextOpenFill, signalAndOrder } from './phases.js';

/** TickStarted's data, empty: one frozen object for every tick. */
const NO_DATA: Readonly<Record<string, never>> = Object.freeze({});

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

/**
 * One tick, decided and folded: TickStarted; per symbol in sorted order its input event
 * (BarReceived | Fallback) and the phases that follow from it — next-open fill, kill switches,
 * signal and order, limit trim, liquidation — each folded in before the next decides; Heartbeat.
 * Pure: the same state and input give the same events and state, which is what replay checks.
 * The fold runs the draft reducer on a working copy of the state, frozen when handed out.
 */
export function stepTick(state: State, input: TickInput, ctx: DecideContext): TickResult {
  if (input.tick !== state.tick + 1) {
    throw new TickfoldError('E_TICK_ORDER', `tick ${input.tick} cannot follow tick ${state.tick} (after seq ${state.seq}); ticks run 1, 2, 3, … without gaps — resume from the state the last tick left`, { tick: input.tick, seq: state.seq });
  }
  // Deeply frozen (every published state is; a resumed one, frozen here once): freezeState finds what the tick made by identity.
  const base = deepFreeze(state);
  const t = new TickFold(thaw(base));
  t.foldOne({ data: NO_DATA, seq: t.next, tick: input.tick, time: input.time, type: 'TickStarted' });
  // The config's symbols are sorted (resolveConfig) and are the state's (checked on resume).
  // Index loops on the hot path: for-of over a frozen array (the config, the phases' NONE, a
  // sealed batch) allocates an iterator result per element, which V8 cannot optimize away.
  const symbols = ctx.config.symbols;
  for (let i = 0; i < symbols.length; i++) {
    const symbol = symbols[i]!;
    const obs = input.observations[symbol];
    if (!obs) throw new TickfoldError('E_TICK_INPUT', `tick ${input.tick} has no observation for ${symbol}; a feed must answer every configured symbol (a Fallback when it has nothing)`, { tick: input.tick, symbol, seq: t.seq });
    symbolTick(t, symbol, obs, input, ctx);
  }
  t.foldOne(heartbeat(t.draft, symbols, input.tick, input.time, t.next));
  return { state: freezeState(t.draft, base), events: t.events };
}

/** One symbol's part of a tick: its input event, then each phase with the fold written out between them. */
function symbolTick(t: TickFold, symbol: string, obs: Observation, input: TickInput, ctx: DecideContext): void {
  const s = t.draft.symbols[symbol]!;
  const event = t.foldFeedInput(admit(s, obs, input.tick, input.time, ctx.config));
  // No bar was due (outside the symbol's data, or between bars): nothing moved, nothing to decide.
  if (event.type === 'BarNotDue') return;
  const admitted = event as BarReceived | Fallback;
  t.fold(nextOpenFill(s, admitted, t.next, ctx));
  const tripped = t.fold(killSwitches(s, admitted, t.draft.day!, t.next, ctx));
  if (tripped > 0 || admitted.type !== 'BarReceived') return;
  t.fold(signalAndOrder(s, admitted, t.next, ctx));
  t.fold(limitTrim(s, admitted, t.next, ctx));
  t.fold(liquidation(s, admitted, t.next, ctx));
}

/** The events of a tick so far, folded into a working state as they are decided. */
class TickFold {
  readonly events: TickfoldEvent[] = [];
  seq: number;

  constructor(readonly draft: Draft<State>) {
    this.seq = draft.seq;
  }

  /** The seq the next event takes: what a phase numbers its events from. */
  get next(): number {
    return this.seq + 1;
  }

  /**
   * Folds one event in, numbered `next`; returns it. Events the engine builds are not checked
   * here: they are built field by field from checked inputs (a strategy's target is checked by
   * `combineTargets`), and the property tests validate every event of random sessions. Every
   * event read back from a log is validated in full.
   */
  foldOne(event: TickfoldEvent): TickfoldEvent {
    // A phase that numbered its events wrong would leave a gap or a repeat in the log.
    if (event.seq !== this.seq + 1) throw new Error(`stepTick: ${event.type} numbered ${event.seq}, expected seq ${this.seq + 1}`);
    return this.add(event);
  }

  /**
   * Folds in the event carrying what a feed gave (BarReceived, Fallback, BarNotDue), checked
   * against its schema first: a feed is outside input. What `admit` built from checked bars is
   * checked by what it is made of (`meetsSchema`), the rest by the validator.
   */
  foldFeedInput(partial: Unsequenced): TickfoldEvent {
    const event = sequenced(partial, this.seq + 1);
    if (!meetsSchema(event)) validateEvent(event);
    return this.add(event);
  }

  private add(event: TickfoldEvent): TickfoldEvent {
    this.seq = event.seq;
    applyEvent(this.draft, event);
    this.events.push(event);
    return event;
  }

  /** Folds a phase's events in, in order; returns how many there were. */
  fold(events: readonly TickfoldEvent[]): number {
    for (let i = 0; i < events.length; i++) this.foldOne(events[i]!);
    return events.length;
  }
}

/**
 * The event with its keys in sorted order (data, seq, symbol, tick, time, type), so that its
 * canonical bytes come from the fast path of `canonical`. Data literals keep sorted keys too.
 */
export function sequenced(partial: Unsequenced, seq: number): TickfoldEvent {
  const p = partial as Unsequenced & { symbol?: string };
  return (p.symbol === undefined
    ? { data: p.data, seq, tick: p.tick, time: p.time, type: p.type }
    : { data: p.data, seq, symbol: p.symbol, tick: p.tick, time: p.time, type: p.type }) as TickfoldEvent;
}

function heartbeat(draft: Draft<State>, sorted: readonly string[], tick: number, time: string, seq: number): TickfoldEvent {
  let equity = 0;
  const symbols: Record<string, { equity: number; cash: number; position: number; weight: number; price: number | null; halted: string | null }> = {};
  for (let i = 0; i < sorted.length; i++) {
    const symbol = sorted[i]!;
    const s = draft.symbols[symbol]!;
    const p = s.portfolio;
    equity += p.equity;
    symbols[symbol] = { cash: p.cash, equity: p.equity, halted: s.halt?.kind ?? null, position: p.position, price: p.markPrice, weight: p.weight };
  }
  return { data: { equity, symbols }, seq, tick, time, type: 'Heartbeat' };
}
