import type { Draft } from 'immer';
import type { Bar } from '../events/index.js';
import type { Mutable, Portfolio, State, SymbolState } from './types.js';

/*
 * Copies of the levels the reducer writes to, field by field. Not `{ ...object }`: a spread of a
 * frozen object (every published state is frozen) takes V8's slow path, ~0.34 µs against
 * 0.03 µs for a literal, three times a tick. The literals are typed, so a field added to a type
 * and not copied here fails to compile.
 */

export const copyPortfolio = (p: Portfolio): Mutable<Portfolio> => ({
  initialCash: p.initialCash,
  cash: p.cash,
  position: p.position,
  weight: p.weight,
  avgPrice: p.avgPrice,
  markPrice: p.markPrice,
  realizedPnl: p.realizedPnl,
  unrealizedPnl: p.unrealizedPnl,
  fees: p.fees,
  writeOffs: p.writeOffs,
  equity: p.equity,
  highWaterMark: p.highWaterMark,
  maxDrawdown: p.maxDrawdown,
  dayStartEquity: p.dayStartEquity,
  dailyPnl: p.dailyPnl,
  totalPnl: p.totalPnl,
  fills: p.fills,
  roundTrips: p.roundTrips,
  turnover: p.turnover,
});

const copySymbol = (s: SymbolState): Mutable<SymbolState> => ({
  symbol: s.symbol,
  bars: s.bars,
  barsSeen: s.barsSeen,
  lastBarTime: s.lastBarTime,
  feed: s.feed,
  signal: s.signal,
  pending: s.pending,
  halt: s.halt,
  trips: s.trips,
  portfolio: s.portfolio,
});

/**
 * A writable working copy of a frozen state for one tick of the draft reducer (`applyEvent`),
 * without immer's proxies: the levels the reducer writes to (the state, its symbols record and
 * each symbol) are copied; deeper objects stay shared and frozen, and the reducer replaces them
 * (or copies them once, see `own` in evolve.ts) rather than writing into them. A write it did
 * not expect throws (frozen object), and the property test against `evolve` covers the rest.
 */
export function thaw(state: State): Draft<State> {
  const symbols: Record<string, SymbolState> = {};
  for (const symbol in state.symbols) symbols[symbol] = copySymbol(state.symbols[symbol]!);
  const working: Mutable<State> = {
    tick: state.tick,
    seq: state.seq,
    time: state.time,
    day: state.day,
    status: state.status,
    configHash: state.configHash,
    windowSize: state.windowSize,
    symbols,
  };
  return working as Draft<State>;
}

/**
 * Freezes a working copy to hand it out: the levels `thaw` copied and every object the reducer
 * made since `base`, the deeply frozen state the copy was thawed from. Objects the reducer left as
 * they were are `base`'s own, frozen already: found by identity, neither asked `Object.isFrozen`
 * nor frozen again (each freeze is a call into the runtime, ~40–90 ns).
 * A symbol's bar window is the one array rebuilt each tick, always as the window before it
 * with new bars at its end (see `appendWindow`), so only the bars after base's newest are new.
 * The property tests in fold.sim.spec.ts check that every published state is deeply frozen.
 */
export function freezeState(working: Draft<State>, base: State): State {
  const symbols = working.symbols as Record<string, SymbolState>;
  for (const symbol in symbols) {
    const s = symbols[symbol]!;
    const was = base.symbols[symbol];
    if (s.bars !== was?.bars) freezeWindow(s.bars, was?.bars);
    // Portfolio, feed health, pending order and halt hold only numbers, strings and nulls: one
    // freeze each. The signal holds one flat record of numbers, its components.
    if (s.portfolio !== was?.portfolio) Object.freeze(s.portfolio);
    if (s.feed !== was?.feed) Object.freeze(s.feed);
    if (s.pending && s.pending !== was?.pending) Object.freeze(s.pending);
    if (s.halt && s.halt !== was?.halt) Object.freeze(s.halt);
    if (s.signal && s.signal !== was?.signal) {
      Object.freeze(s.signal.components);
      Object.freeze(s.signal);
    }
    Object.freeze(s);
  }
  Object.freeze(symbols);
  return Object.freeze(working) as State;
}

/** Freezes a new window and the bars it added after `before`'s newest (all of them when that one was cut off). */
function freezeWindow(bars: readonly Bar[], before: readonly Bar[] | undefined): void {
  const newest = before !== undefined && before.length > 0 ? before[before.length - 1] : undefined;
  for (let i = bars.length - 1; i >= 0 && bars[i] !== newest; i--) Object.freeze(bars[i]);
  Object.freeze(bars);
}
