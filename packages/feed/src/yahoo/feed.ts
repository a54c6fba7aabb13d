import { Observable, concatMap, from, of, timer } from 'rxjs';
import type { Feed, Observation, PollRequest } from '@tickfold/core';
import { sanitizeRows, describeDrops } from '../bars/sanitize.js';
import { checkBars, newerThan } from '../bars/freshness.js';
import { getBody } from './http.js';
import { parseChart } from './parseChart.js';
import { backoffDelays } from './backoff.js';
import { BarCache } from './cache.js';
import { failure, type Failure } from './failure.js';
import { INTERVAL_MS, type YahooOptions } from './options.js';

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

type Good = { readonly ok: true; readonly bars: Observation & { kind: 'bars' } };

/** The URL of one chart request. */
export const chartUrl = (o: Pick<YahooOptions, 'baseUrl' | 'interval' | 'range' | 'includePrePost'>, symbol: string): string =>
  `${o.baseUrl.replace(/\/+$/, '')}/v8/finance/chart/${encodeURIComponent(symbol)}?interval=${o.interval}&range=${o.range}&includePrePost=${o.includePrePost}`;

/**
 * Polls Yahoo's chart API: sanitizes and validates each response, retries with seeded
 * exponential backoff on the engine's scheduler, and falls back (with the reason and every
 * attempt in the message) when the last attempt fails.
 *
 * @example const feed = yahooFeed({ seed: 42, minBars: 50, maxDataAgeMs: null, baseUrl: 'http://127.0.0.1:8080' });
 */
export function yahooFeed(opts: YahooFeedOptions): Feed & { readonly cache: BarCache } {
  const o: YahooOptions = {
    baseUrl: 'https://query1.finance.yahoo.com', interval: '1m', range: '5d', includePrePost: false, includePartial: false,
    timeoutMs: 10_000, maxBytes: 5_000_000, attempts: 3, backoffMs: 1_000, maxBackoffMs: 30_000, jitter: 0.5, ...opts,
  };
  const fetchFn = opts.fetch ?? globalThis.fetch;
  const cache = new BarCache(opts.cacheDir);

  const attempt = (req: PollRequest, signal: AbortSignal): Promise<Good | Failure> =>
    getBody(chartUrl(o, req.symbol), o, fetchFn, signal).then(async (body): Promise<Good | Failure> => {
      if (!body.ok) return body;
      const chart = parseChart(body.status, body.text, req.symbol);
      if (!chart.ok) return chart;
      const clean = sanitizeRows(chart.rows, { nowMs: req.timeMs, intervalMs: INTERVAL_MS[o.interval], includePartial: o.includePartial });
      const rejected = checkBars(clean.bars, { minBars: opts.minBars, maxDataAgeMs: opts.maxDataAgeMs }, req.timeMs);
      if (rejected) {
        const dropped = clean.dropped > 0 ? ` (${chart.rows.length} rows, dropped: ${describeDrops(clean.drops)})` : '';
        return failure(rejected.reason, rejected.message + dropped, false);
      }
      try {
        await cache.put(req.symbol, clean.bars);
      } catch (e) {
        // The bars are good; a cache that cannot be written must not turn them into a fallback.
        cache.writeError = `cannot write ${cache.fileOf(req.symbol)}: ${(e as Error).message}`;
      }
      const fresh = newerThan(clean.bars, req.lastBarTime);
      if (fresh.length === 0) return failure('no-new-bar', `no bar newer than ${req.lastBarTime}; the latest complete bar is ${clean.bars.at(-1)!.time}`, false);
      return { ok: true, bars: { kind: 'bars', bars: fresh, attempts: 0, dropped: clean.dropped } };
    });

  const once = (req: PollRequest): Observable<Good | Failure> =>
    new Observable((sub) => {
      const ac = new AbortController();
      attempt(req, ac.signal).then(
        (r) => { sub.next(r); sub.complete(); },
        (e: unknown) => { sub.next(failure('source-error', `feed error: ${(e as Error)?.message ?? String(e)}`, false)); sub.complete(); },
      );
      return () => ac.abort();
    });

  const fallback = async (req: PollRequest, last: Failure, trail: string[], attempts: number): Promise<Observation> => {
    const cached = await cache.get(req.symbol);
    const latest = cached.bars.at(-1);
    const using = latest ? `; using the ${cached.bars.length} cached bars up to ${latest.time}` : '; no cached bars';
    const history = attempts > 1 ? ` [${trail.join('; ')}]` : '';
    return { kind: 'fallback', reason: last.reason, message: `${last.message}${history}${using}${cached.problem ? ` (${cached.problem})` : ''}`, attempts };
  };

  return {
    name: 'yahoo',
    cache,
    poll(req: PollRequest): Observable<Observation> {
      const waits = backoffDelays(opts.seed, req.symbol, req.tick, o);
      const trail: string[] = [];
      const run = (n: number): Observable<Observation> =>
        once(req).pipe(
          concatMap((r): Observable<Observation> => {
            if (r.ok) return of({ ...r.bars, attempts: n });
            const wait = waits[n - 1];
            trail.push(`#${n} ${r.reason}: ${r.message}${r.retry && wait !== undefined ? `, waited ${wait} ms` : ''}`);
            if (!r.retry || wait === undefined) return from(fallback(req, r, trail, n));
            return timer(wait, req.scheduler).pipe(concatMap(() => run(n + 1)));
          }),
        );
      return run(1);
    },
  };
}
