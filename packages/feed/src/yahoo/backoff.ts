import { seededRandom } from '@tickfold/core/internal';

export interface BackoffRules {
  readonly attempts: number;
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  readonly jitter: number;
}

/**
 * The waits between attempts for one poll: wait n (before attempt n + 1) is
 * `round(min(maxBackoffMs, backoffMs · 2^(n−1)) · (1 − jitter + jitter · u_n))`, with u_n drawn
 * from core's `seededRandom(seed)(symbol, tick, 'backoff')`. A seed reproduces every wait.
 *
 * @example backoffDelays(42, 'SPY', 7, { attempts: 3, backoffMs: 1000, maxBackoffMs: 30_000, jitter: 0.5 }) // two waits
 */
export function backoffDelays(seed: number, symbol: string, tick: number, rules: BackoffRules): number[] {
  const rng = seededRandom(seed)(symbol, tick, 'backoff');
  const out: number[] = [];
  for (let n = 1; n < rules.attempts; n++) {
    const cap = Math.min(rules.maxBackoffMs, rules.backoffMs * 2 ** (n - 1));
    out.push(Math.round(cap * (1 - rules.jitter + rules.jitter * rng())));
  }
  return out;
}
