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

/**
 * Whether every number of the state (outside the bar windows) is finite, the common case every
 * tick: the numbers of each level summed, since a sum of numbers is finite only if each of them
 * is (NaN and ±Infinity carry through a sum). A sum of finite numbers can still overflow: then
 * this says no and `checkFinite` walks the state to name the culprits (or finds none). Field by
 * field, not a generic walk (for…in over every level cost ~0.7 µs a tick); invariants.spec.ts
 * sets every number of a state to NaN and ±Infinity in turn, so a field missed here fails it.
 */
function allFinite(state: State): boolean {
  if (!Number.isFinite(state.tick + state.seq + state.windowSize)) return false;
  for (const symbol in state.symbols) {
    const s = state.symbols[symbol]!;
    const p = s.portfolio;
    let sum =
      s.barsSeen + s.trips + s.feed.consecutiveFallbacks + s.feed.fallbacks +
      p.initialCash + p.cash + p.position + p.weight + p.avgPrice + (p.markPrice ?? 0) + p.realizedPnl + p.unrealizedPnl + p.fees +
      p.writeOffs + p.equity + p.highWaterMark + p.maxDrawdown + p.dayStartEquity + p.dailyPnl + p.totalPnl + p.fills + p.roundTrips + p.turnover;
    if (s.pending) sum += s.pending.targetWeight;
    if (s.signal) {
      sum += s.signal.target;
      const components = s.signal.components;
      for (const name in components) sum += components[name]!;
    }
    if (!Number.isFinite(sum)) return false;
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
  // Every tick: one pass in the record's own order, building nothing; the problems, if any, in sorted order.
  let sound = true;
  for (const symbol in state.symbols) sound &&= checkPortfolio(state, symbol, maxPosition, null);
  if (!sound) for (const symbol of Object.keys(state.symbols).sort()) checkPortfolio(state, symbol, maxPosition, problems);
  return problems;
}

/** Whether a symbol's portfolio holds its invariants; says why not into `problems` when given. */
function checkPortfolio(state: State, symbol: string, maxPosition: number, problems: string[] | null): boolean {
  const p = state.symbols[symbol]!.portfolio;
  const negativeCash = p.cash < 0;
  const unpriced = p.position !== 0 && p.markPrice === null;
  const overLimit = Math.abs(p.weight) > maxPosition + 1e-9;
  if (problems) {
    if (negativeCash) problems.push(`/symbols/${symbol}/portfolio/cash is negative (${p.cash})`);
    if (unpriced) problems.push(`/symbols/${symbol}: position ${p.position} has no mark price`);
    if (overLimit) problems.push(`/symbols/${symbol}/portfolio/weight ${p.weight} exceeds the limit ${maxPosition}`);
  }
  return !(negativeCash || unpriced || overLimit);
}

export function assertInvariants(state: State, maxPosition = 1): void {
  const problems = checkInvariants(state, maxPosition);
  if (problems.length > 0) {
    throw new TickfoldError('E_INVARIANT', `state after seq ${state.seq} breaks invariants:\n  - ${problems.join('\n  - ')}`, { seq: state.seq, problems });
  }
}
