import type { Draft } from 'immer';
import type { State } from './types.js';
import { deepFreeze } from './initial.js';

/**
 * A writable working copy of a frozen state for one tick of the draft reducer (`applyEvent`),
 * without immer's proxies: the levels the reducer writes to (the state, its symbols record and
 * each symbol) are copied; deeper objects stay shared and frozen, and the reducer replaces them
 * (or copies them once, see `own` in evolve.ts) rather than writing into them. A write it did
 * not expect throws (frozen object), and the property test against `evolve` covers the rest.
 */
export function thaw(state: State): Draft<State> {
  const symbols: Record<string, unknown> = {};
  for (const symbol in state.symbols) symbols[symbol] = { ...state.symbols[symbol]! };
  return { ...state, symbols } as Draft<State>;
}

/**
 * Freezes a working copy to hand it out. `deepFreeze` stops at what is frozen already, so only the
 * copied levels and the objects the reducer made are walked, not what it shares with the state it came from.
 */
export function freezeState(working: Draft<State>): State {
  return deepFreeze(working as State);
}
