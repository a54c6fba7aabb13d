import { Observable, concatMap, defer, from, of, timer } from 'rxjs';
import { Value } from '@sinclair/typebox/value';
import type { Feed, Observation, PollRequest } from '@tickfold/core';
import { backoffDelays } from './backoff.js';
import { BarCache } from './cache.js';
import { attemptChart, type AttemptContext, type Good } from './attempt.js';
import { failure, type Failure } from './failure.js';
import { YahooOptions } from './options.js';
import { assertAgeLimitFits } from './ageRule.js';

export interface YahooFeedOptions extends Partial<Omit<YahooOptions, 'minBars'>> {
  /** config.seed: seeds the backoff jitter. */
  readonly seed: number;
  readonly minBars: number;
  /** config.data.maxDataAgeMs (null: 1 h intraday, 5 days daily). */
  readonly maxDataAgeMs: number | null;
  /** Directory for the last good bars (the run directory). */
  readonly cacheDir?: string;
  readonly fetch?: typeof fetch;
}

const DEFAULTS = Value.Create(YahooOptions);

/**
 * Polls Yahoo's chart API: sanitizes and validates each response, retries with seeded
 * exponential backoff on the engine's scheduler, and falls back (with the reason and every
 * attempt in the message) when the last attempt fails.
 *
 * @example const feed = yahooFeed({ seed: 42, minBars: 50, maxDataAgeMs: null, baseUrl: 'http://127.0.0.1:8080' });
 */
export function yahooFeed(opts: YahooFeedOptions): Feed & { readonly cache: BarCache; close(): void } {
  const { seed, minBars, maxDataAgeMs, cacheDir, fetch: fetchFn, ...given } = opts;
  const options: YahooOptions = { ...DEFAULTS, ...given };
  assertAgeLimitFits(options.interval, maxDataAgeMs, options.includePartial);
  const cache = new BarCache(cacheDir);
  const ctx: AttemptContext = { options, minBars, maxDataAgeMs, fetch: fetchFn ?? globalThis.fetch, cache };

  const inFlight = new Set<AbortController>();
  const once = (req: PollRequest): Observable<Good | Failure> =>
    new Observable((sub) => {
      const ac = new AbortController();
      inFlight.add(ac);
      attemptChart(req, ctx, ac.signal).finally(() => inFlight.delete(ac)).then(
        (r) => { sub.next(r); sub.complete(); },
        (e: unknown) => { sub.next(failure('source-error', `feed error: ${(e as Error)?.message ?? String(e)}`, false)); sub.complete(); },
      );
      return () => ac.abort();
    });

  const fallback = async (req: PollRequest, last: Failure, trail: readonly string[], attempts: number): Promise<Observation> => {
    const cached = await cache.get(req.symbol);
    const latest = cached.bars.at(-1);
    const using = latest ? `; using the ${cached.bars.length} cached bars up to ${latest.time}` : '; no cached bars';
    const history = attempts > 1 ? ` [${trail.join('; ')}]` : '';
    return { kind: 'fallback', reason: last.reason, message: `${last.message}${history}${using}${cached.problem ? ` (${cached.problem})` : ''}`, attempts };
  };

  return {
    name: 'yahoo',
    cache,
    /** Cancels requests still in flight: their polls end as a 'network' fallback ("request cancelled"). */
    close() {
      for (const ac of inFlight) ac.abort();
    },
    poll(req: PollRequest): Observable<Observation> {
      const waits = backoffDelays(seed, req.symbol, req.tick, options);
      // The trail belongs to one subscription: a second subscriber's message lists only its own attempts.
      return defer(() => {
        const trail: string[] = [];
        const run = (n: number): Observable<Observation> =>
          once(req).pipe(
            concatMap((r): Observable<Observation> => {
              if (r.ok) return of({ ...r.bars, attempts: n });
              // A server's Retry-After lengthens the seeded wait, never beyond maxBackoffMs.
              const seeded = waits[n - 1];
              const wait = seeded === undefined ? undefined : Math.min(options.maxBackoffMs, Math.max(seeded, r.retryAfterMs ?? 0));
              trail.push(`#${n} ${r.reason}: ${r.message}${r.retry && wait !== undefined ? `, waited ${wait} ms` : ''}`);
              if (!r.retry || wait === undefined) return from(fallback(req, r, trail, n));
              return timer(wait, req.scheduler).pipe(concatMap(() => run(n + 1)));
            }),
          );
        return run(1);
      });
    },
  };
}
