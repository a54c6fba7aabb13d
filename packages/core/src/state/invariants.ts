import { TickfoldError } from '../errors.js';
import type { State } from './types.js';

// Bars are checked by their schema when admitted; walking every window each tick would dominate the cost.
function checkFinite(value: unknown, path: string, problems: string[]): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) problems.push(`${path} is ${value}`);
  } else if (value !== null && typeof value === 'object') {
    for (const k in value) if (k !== 'bars') checkFinite((value as Record<string, unknown>)[k], `${path}/${k}`, problems);
  }
}

/** The same walk without building paths, testing numbers in the loop rather than a call each: the common case, every tick. */
function allFinite(value: object): boolean {
  for (const k in value) {
    const v = (value as Record<string, unknown>)[k];
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return false;
    } else if (v !== null && typeof v === 'object' && k !== 'bars' && !allFinite(v)) return false;
  }
  return true;
}

/**
 * What must hold for every state the engine publishes (every tick boundary): every number
 * finite, cash >= 0, no position without a price, and |weight| <= `maxPosition` (1e-9 of float
 * slack). Returns the problems; `assertInvariants` throws them.
 */
export function checkInvariants(state: State, maxPosition = 1): string[] {
  const problems: string[] = [];
  if (!allFinite(state)) checkFinite(state, '', problems);
  for (const symbol of Object.keys(state.symbols).sort()) {
    const p = state.symbols[symbol]!.portfolio;
    if (p.cash < 0) problems.push(`/symbols/${symbol}/portfolio/cash is negative (${p.cash})`);
    if (p.position !== 0 && p.markPrice === null) problems.push(`/symbols/${symbol}: position ${p.position} has no mark price`);
    if (Math.abs(p.weight) > maxPosition + 1e-9) problems.push(`/symbols/${symbol}/portfolio/weight ${p.weight} exceeds the limit ${maxPosition}`);
  }
  return problems;
}

export function assertInvariants(state: State, maxPosition = 1): void {
  const problems = checkInvariants(state, maxPosition);
  if (problems.length > 0) {
    throw new TickfoldError('E_INVARIANT', `state after seq ${state.seq} breaks invariants:\n  - ${problems.join('\n  - ')}`, { seq: state.seq, problems });
  }
}
