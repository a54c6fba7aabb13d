import type { Bar, KillSwitchKind, FallbackReason } from '../events/index.js';

/** The same object type with its fields writable: the working copies of the draft reducer. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface Portfolio {
  /** Cash the symbol's account started with. */
  readonly initialCash: number;
  readonly cash: number;
  /** Units held; negative when short. */
  readonly position: number;
  /** position × mark / equity. */
  readonly weight: number;
  readonly avgPrice: number;
  readonly markPrice: number | null;
  readonly realizedPnl: number;
  readonly unrealizedPnl: number;
  readonly fees: number;
  /** Losses beyond cash written off by liquidations. */
  readonly writeOffs: number;
  readonly equity: number;
  readonly highWaterMark: number;
  /** Largest fall from the high-water mark so far, as a fraction (0.12 = 12%). */
  readonly maxDrawdown: number;
  readonly dayStartEquity: number;
  readonly dailyPnl: number;
  readonly totalPnl: number;
  readonly fills: number;
  /** Times the position went from non-zero back to zero or through it. */
  readonly roundTrips: number;
  readonly turnover: number;
}

export interface FeedHealth {
  readonly consecutiveFallbacks: number;
  readonly fallbacks: number;
  readonly lastFallbackReason: FallbackReason | null;
}

export interface PendingOrder {
  readonly orderId: string;
  readonly targetWeight: number;
  readonly decidedAtBar: string;
}

export interface Halt {
  readonly kind: KillSwitchKind;
  /** UTC date (YYYY-MM-DD) from which trading may resume; null: for the rest of the session. */
  readonly until: string | null;
}

export interface SymbolState {
  readonly symbol: string;
  /** Rolling window, oldest first; at most `windowSize` bars. */
  readonly bars: readonly Bar[];
  readonly barsSeen: number;
  readonly lastBarTime: string | null;
  readonly feed: FeedHealth;
  readonly signal: { readonly target: number; readonly components: Readonly<Record<string, number>> } | null;
  readonly pending: PendingOrder | null;
  readonly halt: Halt | null;
  readonly trips: number;
  readonly portfolio: Portfolio;
}

export interface State {
  readonly tick: number;
  /** seq of the last event folded in; 0 before any. */
  readonly seq: number;
  /** Event time of the last tick, ISO; null before the first. */
  readonly time: string | null;
  /** UTC date of the last tick, YYYY-MM-DD. */
  readonly day: string | null;
  readonly status: 'new' | 'running' | 'ended';
  readonly configHash: string | null;
  readonly windowSize: number;
  readonly symbols: Readonly<Record<string, SymbolState>>;
}
