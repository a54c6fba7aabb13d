import { produce, isDraft, original, type Draft } from 'immer';
import type { Bar, TickfoldEvent } from '../events/index.js';
import type { Mutable, Portfolio, State } from './types.js';
import { applyFill, mark, startDay } from './portfolio.js';
import { deepFreeze } from './initial.js';
import { copyPortfolio, freezeState, thaw } from './working.js';

export const utcDay = (iso: string): string => iso.slice(0, 10);

/** The plain value behind a draft that this reducer only ever replaces, never mutates in place. */
export const undrafted = <T>(value: T): T => (isDraft(value) ? (original(value) as T) : value);

/**
 * The sub-object as a writable plain copy, made once per `produce` (later calls return that
 * copy): later events in the same batch write to it directly. Ten writes through immer's proxy
 * cost more than one copy.
 */
function writable(value: Portfolio): Mutable<Portfolio> {
  if (!isDraft(value) && !Object.isFrozen(value)) return value as Mutable<Portfolio>;
  return copyPortfolio(undrafted(value));
}

/**
 * The window with `bars` appended, keeping the newest `size`: one new array, copied by
 * `Array.from` (V8's fast copy; a loop reading a frozen window element by element, as every
 * published window is, cost twice as much, and `slice` of one takes V8's slow path) and moved
 * on in place. Packed and exactly sized in the common case, one bar onto a full window.
 */
export function appendWindow(window: readonly Bar[], bars: readonly Bar[], size: number): readonly Bar[] {
  const next = Array.from(window);
  const excess = window.length + bars.length - size;
  if (excess === 1 && bars.length === 1 && next.length > 0) {
    for (let i = 1; i < next.length; i++) next[i - 1] = next[i]!;
    next[next.length - 1] = bars[0]!;
    return next;
  }
  for (let i = 0; i < bars.length; i++) next.push(bars[i]!);
  if (excess > 0) next.splice(0, excess);
  return next;
}

/** Whether a held signal has the target and components of a new one, number for number (`Object.is`: 0 and -0 differ). */
function sameSignal(held: State['symbols'][string]['signal'], next: { readonly target: number; readonly components: Readonly<Record<string, number>> }): boolean {
  if (held === null || !Object.is(held.target, next.target)) return false;
  // Every name of the new components is held with the same number, and the held ones are no more.
  let names = 0;
  for (const name in next.components) {
    if (!Object.is(held.components[name], next.components[name])) return false;
    names++;
  }
  for (const _held in held.components) names--;
  return names === 0;
}

/**
 * The draft reducer: applies one event to a draft state. Shared by `evolve` (one event) and
 * `fold` (a batch under one `produce`), so the two cannot disagree.
 */
export function applyEvent(draft: Draft<State>, event: TickfoldEvent): void {
  draft.seq = event.seq;
  switch (event.type) {
    case 'SessionStarted':
      draft.status = 'running';
      draft.configHash = event.data.configHash;
      // Recorded, so a reader folds the log without loading the strategies' code.
      draft.windowSize = event.data.windowSize;
      return;
    case 'TickStarted': {
      draft.tick = event.tick;
      draft.time = event.time;
      const day = utcDay(event.time);
      if (draft.day !== day) {
        draft.day = day;
        for (const symbol in draft.symbols) {
          const s = draft.symbols[symbol]!;
          const p = writable(s.portfolio);
          startDay(p);
          s.portfolio = p;
          if (s.halt?.until != null && s.halt.until <= day) s.halt = null;
        }
      }
      return;
    }
    case 'BarReceived': {
      const s = draft.symbols[event.symbol]!;
      const bars = event.data.bars;
      s.bars = appendWindow(undrafted(s.bars), bars, draft.windowSize) as Draft<Bar>[];
      s.barsSeen += bars.length;
      const last = bars[bars.length - 1]!;
      s.lastBarTime = last.time;
      if (s.feed.consecutiveFallbacks !== 0) s.feed = { ...undrafted(s.feed), consecutiveFallbacks: 0 };
      const p = writable(s.portfolio);
      mark(p, last.close);
      s.portfolio = p;
      return;
    }
    case 'Fallback': {
      const s = draft.symbols[event.symbol]!;
      const f = undrafted(s.feed);
      s.feed = { consecutiveFallbacks: f.consecutiveFallbacks + 1, fallbacks: f.fallbacks + 1, lastFallbackReason: event.data.reason };
      return;
    }
    case 'BarNotDue':
      return;
    case 'SignalComputed': {
      const s = draft.symbols[event.symbol]!;
      // A signal equal to the one held keeps its object: most bars repeat the last signal, and a
      // new one is two more objects to make and freeze.
      if (!sameSignal(s.signal, event.data)) s.signal = { target: event.data.target, components: { ...event.data.components } };
      return;
    }
    case 'OrderSubmitted': {
      const { orderId, targetWeight, decidedAtBar } = event.data;
      draft.symbols[event.symbol]!.pending = { orderId, targetWeight, decidedAtBar };
      return;
    }
    case 'OrderFilled': {
      const s = draft.symbols[event.symbol]!;
      const p = writable(s.portfolio);
      applyFill(p, event.data.qty, event.data.price, event.data.fee, event.data.writeOff);
      mark(p, p.markPrice ?? event.data.refPrice);
      s.portfolio = p;
      if (s.pending?.orderId === event.data.orderId) s.pending = null;
      return;
    }
    case 'OrderRejected': {
      const s = draft.symbols[event.symbol]!;
      if (s.pending?.orderId === event.data.orderId) s.pending = null;
      return;
    }
    case 'KillSwitchTripped': {
      const s = draft.symbols[event.symbol]!;
      s.halt = { kind: event.data.kind, until: event.data.until };
      s.trips += 1;
      s.pending = null;
      return;
    }
    case 'Heartbeat':
      return;
    case 'SessionEnded':
      draft.status = 'ended';
      return;
    default: {
      const unhandled: never = event;
      throw new Error(`evolve: unhandled event ${JSON.stringify(unhandled)}`);
    }
  }
}

/** Folds one event into the state. Pure: returns a new frozen state. */
export const evolve = (state: State, event: TickfoldEvent): State => produce(state, (d) => applyEvent(d, event));

/**
 * Folds a batch of events — the fast path of recovery, verify and open: the same draft reducer
 * as `evolve`, run on one working copy of the state (see working.ts) and frozen once at the end,
 * without immer's proxies (a batch under one `produce` cost ~5× more per event). Pure: the state
 * given is frozen first, so the working copy can never write into it. fold.sim.spec.ts holds
 * the result equal to `evolve` one event at a time, over any split of a session into batches.
 */
export function fold(state: State, events: Iterable<TickfoldEvent>): State {
  const base = deepFreeze(state);
  const working = thaw(base);
  for (const e of events) applyEvent(working, e);
  return freezeState(working, base);
}
