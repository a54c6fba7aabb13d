import type { Observation, PollRequest } from '@tickfold/core';
import { sanitizeRows, describeDrops } from '../bars/sanitize.js';
import { checkBars, newerThan } from '../bars/freshness.js';
import { getBody } from './http.js';
import { parseChart } from './parseChart.js';
import type { BarCache } from './cache.js';
import { failure, type Failure } from './failure.js';
import { INTERVAL_MS, defaultRange, type YahooOptions } from './options.js';

export type Good = { readonly ok: true; readonly bars: Observation & { kind: 'bars' } };

export interface AttemptContext {
  readonly options: YahooOptions;
  readonly minBars: number;
  readonly maxDataAgeMs: number | null;
  readonly fetch: typeof fetch;
  readonly cache: BarCache;
}

/** The URL of one chart request. */
export const chartUrl = (o: Pick<YahooOptions, 'baseUrl' | 'interval' | 'range' | 'includePrePost'>, symbol: string): string =>
  `${o.baseUrl.replace(/\/+$/, '')}/v8/finance/chart/${encodeURIComponent(symbol)}?interval=${o.interval}&range=${o.range ?? defaultRange(o.interval)}&includePrePost=${o.includePrePost}`;

/**
 * One request: fetch, parse, sanitize and validate against the tick's clock. Good bars are
 * cached (memory, and disk when configured) before only the new ones are returned.
 *
 * @example const r = await attemptChart(req, ctx, signal); if (!r.ok) console.log(r.reason, r.message);
 */
export async function attemptChart(req: PollRequest, ctx: AttemptContext, signal: AbortSignal): Promise<Good | Failure> {
  const o = ctx.options;
  const body = await getBody(chartUrl(o, req.symbol), o, ctx.fetch, signal);
  if (!body.ok) return body;
  const chart = parseChart(body.status, body.text, req.symbol);
  if (!chart.ok) return body.retryAfterMs === undefined ? chart : { ...chart, retryAfterMs: body.retryAfterMs };
  const rules = { nowMs: req.timeMs, intervalMs: INTERVAL_MS[o.interval], includePartial: o.includePartial };
  const clean = sanitizeRows(chart.rows, rules);
  const rejected = checkBars(clean.bars, { minBars: ctx.minBars, maxDataAgeMs: ctx.maxDataAgeMs }, req.timeMs);
  if (rejected) {
    const dropped = clean.dropped > 0 ? ` (${chart.rows.length} rows, dropped: ${describeDrops(clean.drops)})` : '';
    return failure(rejected.reason, rejected.message + dropped, false);
  }
  try {
    await ctx.cache.put(req.symbol, clean.bars);
  } catch (e) {
    // The bars are good; a cache that cannot be written must not turn them into a fallback.
    ctx.cache.writeError = `cannot write ${ctx.cache.fileOf(req.symbol)}: ${(e as Error).message}`;
  }
  const fresh = newerThan(clean.bars, req.lastBarTime);
  if (fresh.length === 0) return failure('no-new-bar', `no bar newer than ${req.lastBarTime}; the latest complete bar is ${clean.bars.at(-1)!.time}`, false);
  // Yahoo sends the whole range every poll: a bad row the engine already passed was counted when it was new.
  const lastMs = req.lastBarTime === null ? null : Date.parse(req.lastBarTime);
  const dropped = lastMs === null ? clean.dropped : sanitizeRows(chart.rows.filter((r) => !(r.timeMs <= lastMs)), rules).dropped;
  return { ok: true, bars: { kind: 'bars', bars: fresh, attempts: 0, dropped } };
}
