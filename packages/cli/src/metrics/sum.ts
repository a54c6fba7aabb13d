import { roundTrips, type RoundTrip } from './trades.js';
import { accountMetrics, spanIndexes, type SymbolMetrics } from './compute.js';
import { heldBenchmark, symbolCurves } from './curves.js';
import type { RunTrack, SymbolTrack } from './track.js';

/** The sum of the accounts' equity on every tick (they are independent: each symbol trades its own cash). */
export function sumOfAccounts(track: RunTrack): number[] {
  const all = Object.values(track.symbols);
  return track.ticks.map((_, i) => all.reduce((sum, s) => sum + s.equity[i]!, 0));
}

/** The sum of the accounts as one account: its track, initial cash, round trips and buy-and-hold return. */
export interface SummedAccount {
  readonly account: SymbolTrack;
  readonly initial: number;
  readonly trips: readonly RoundTrip[];
  readonly benchmarkReturn: number | null;
}

/**
 * The sum of the independent accounts, from the first symbol's first bar to the last symbol's
 * last: its equity is the sum (cash of symbols not listed yet included), its trades are every
 * symbol's round trips, its benchmark the sum of each symbol's buy-and-hold. Not a portfolio: no
 * cash moves between the accounts.
 */
export function summedAccount(track: RunTrack): SummedAccount {
  const symbols = Object.values(track.symbols);
  const names = Object.keys(track.symbols);
  const cash = track.config.cash;
  const ranges = symbols.map((s) => spanIndexes(s, track.ticks)).filter((r) => r !== null);
  const account: SymbolTrack = {
    equity: sumOfAccounts(track),
    position: track.ticks.map((_, i) => (symbols.some((s) => s.position[i] !== 0) ? 1 : 0)),
    price: [],
    firstBarIndex: ranges.length ? Math.min(...ranges.map((r) => r.first)) : null,
    lastBarIndex: ranges.length ? Math.max(...ranges.map((r) => r.last)) : null,
    barTimesMs: [...new Set(symbols.flatMap((s) => s.barTimesMs))].sort((a, b) => a - b),
    fills: symbols.flatMap((s) => s.fills).sort((a, b) => a.seq - b.seq),
    trips: symbols.flatMap((s) => s.trips),
    fallbacks: [],
    halted: null,
  };
  const held = names.map((n) => heldBenchmark(symbolCurves(track, n).benchmark, cash).at(-1) ?? cash);
  const benchmarkReturn = names.length && ranges.length ? held.reduce((a, b) => a + b, 0) / (cash * names.length) - 1 : null;
  return { account, initial: cash * names.length, trips: symbols.flatMap((s) => roundTrips(s.fills)), benchmarkReturn };
}

/**
 * Metrics of the sum of the independent accounts (see `summedAccount`).
 *
 * @example sumOfAccountsMetrics(track).maxDrawdown
 */
export function sumOfAccountsMetrics(track: RunTrack): SymbolMetrics {
  const { account, initial, trips, benchmarkReturn } = summedAccount(track);
  return accountMetrics(account, track.ticks, initial, trips, benchmarkReturn);
}
