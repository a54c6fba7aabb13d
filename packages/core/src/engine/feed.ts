import type { Observable, SchedulerLike } from 'rxjs';
import type { Bar, DroppedRow, FallbackReason, NotDueReason } from '../events/index.js';

/**
 * What a feed saw for one symbol at one tick: bars; `not-due` when none was due (the tick lies
 * before or after the symbol's data: not a failure); or a `fallback`, why it has none.
 */
export type Observation =
  | { readonly kind: 'bars'; readonly bars: readonly Bar[]; readonly attempts: number; readonly dropped: number; readonly problems?: readonly DroppedRow[] }
  | { readonly kind: 'not-due'; readonly reason: NotDueReason; readonly message: string; readonly attempts: number }
  | { readonly kind: 'fallback'; readonly reason: FallbackReason; readonly message: string; readonly attempts: number };

export interface PollRequest {
  readonly symbol: string;
  readonly tick: number;
  /** The tick's event time (ISO) and the same in epoch ms. */
  readonly time: string;
  readonly timeMs: number;
  /** Time of the newest bar the engine already holds: return only newer ones. */
  readonly lastBarTime: string | null;
  /** The engine's scheduler: retries and backoff must wait on it, never on real timers. */
  readonly scheduler: SchedulerLike;
}

/**
 * A source of bars. Everything a feed returns becomes an input event (BarReceived or Fallback),
 * so a replay never calls the feed again.
 *
 * @example const feed: Feed = { name: 'fixed', poll: (r) => ({ kind: 'bars', bars: [bar], attempts: 1, dropped: 0 }) };
 */
export interface Feed {
  readonly name: string;
  poll(request: PollRequest): Observation | PromiseLike<Observation> | Observable<Observation>;
  /**
   * Historical feeds own the clock: the event time (epoch ms) of a tick, or undefined when the
   * data has run out (the session then ends with reason 'data-exhausted').
   */
  timeOf?(tick: number): number | undefined;
  close?(): void | Promise<void>;
}
