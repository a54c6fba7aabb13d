import { timer, map, type Observable } from 'rxjs';
import type { Bar, Feed, Observation, PollRequest } from '@tickfold/core';
import { sanitizeRows, describeDrops, type RawRow } from '../bars/sanitize.js';
import { checkBars, newerThan } from '../bars/freshness.js';
import { SyntheticPath } from './path.js';
import { corrupt, faultAt, NO_FAULTS, type Fault } from './faults.js';
import type { FaultOptions } from './options.js';

export interface SyntheticFeedOptions {
  readonly seed: number;
  /** ISO time of tick 1 (config.clock.start). */
  readonly start: string;
  readonly stepMs: number;
  /** Bars of history before tick 1 on the first poll. */
  readonly historyBars: number;
  readonly volatility?: number;
  readonly startPrice?: number;
  readonly faults?: Partial<FaultOptions>;
  /** config.data.maxDataAgeMs: used to judge injected stale data as a real source's would be. */
  readonly maxDataAgeMs?: number | null;
}

/**
 * The embedded default feed: regime-switching GBM bars that are a pure function of
 * (seed, symbol, bar index), with optional seeded faults that surface as Fallbacks.
 *
 * @example const feed = syntheticFeed({ seed: 42, start: '2024-01-02T00:00:00.000Z', stepMs: 86_400_000, historyBars: 50 });
 */
export function syntheticFeed(opts: SyntheticFeedOptions): Feed & { bar(symbol: string, index: number): Bar } {
  const startMs = Date.parse(opts.start);
  const faults: FaultOptions = { ...NO_FAULTS, ...opts.faults };
  const paths = new Map<string, SyntheticPath>();
  const path = (symbol: string): SyntheticPath => {
    let p = paths.get(symbol);
    if (!p) {
      p = new SyntheticPath({ seed: opts.seed, symbol, startMs, stepMs: opts.stepMs, volatility: opts.volatility ?? 1, startPrice: opts.startPrice });
      paths.set(symbol, p);
    }
    return p;
  };
  const indexAt = (ms: number): number => Math.floor((ms - startMs) / opts.stepMs) + 1;

  const serve = (req: PollRequest, fault: Fault): Observation => {
    const k = indexAt(req.timeMs);
    // History is counted back from the bar of the poll's time, so a real-clock run far past `start` gets historyBars bars, not every bar since.
    const from = req.lastBarTime === null ? k - opts.historyBars : indexAt(Date.parse(req.lastBarTime)) + 1;
    // A burst since tick s holds the source at the bar before tick s's: counted back from this poll's
    // bar, since on the real clock the bar index comes from the time, not the tick number.
    const upTo = fault.kind === 'stale' ? k - (req.tick - fault.sinceTick) - 1 : k;
    const bars = path(req.symbol).bars(Math.min(from, upTo + 1), upTo);
    if (fault.kind === 'stale') {
      const rejected = checkBars(path(req.symbol).bars(upTo - 5, upTo), { minBars: 0, maxDataAgeMs: opts.maxDataAgeMs ?? null }, req.timeMs);
      if (rejected) return { kind: 'fallback', reason: rejected.reason, message: `injected stale burst since tick ${fault.sinceTick}: ${rejected.message}`, attempts: 1 };
      const fresh = newerThan(bars, req.lastBarTime);
      if (fresh.length === 0) return { kind: 'fallback', reason: 'no-new-bar', message: `injected stale burst since tick ${fault.sinceTick}: no bar newer than ${req.lastBarTime ?? 'none'}`, attempts: 1 };
      return { kind: 'bars', bars: fresh, attempts: 1, dropped: 0 };
    }
    if (fault.kind === 'garbage' && bars.length > 0) {
      const rows = bars.map((b, i): RawRow => (i === bars.length - 1 ? corrupt(b, fault.variant) : { timeMs: Date.parse(b.time), ...b }));
      const clean = sanitizeRows(rows, { nowMs: req.timeMs, intervalMs: 0 });
      if (clean.bars.length === 0) {
        return { kind: 'fallback', reason: 'malformed', message: `injected garbage bar: all ${rows.length} rows dropped (${describeDrops(clean.drops)})`, attempts: 1 };
      }
      return { kind: 'bars', bars: clean.bars, attempts: 1, dropped: clean.dropped };
    }
    return { kind: 'bars', bars, attempts: 1, dropped: 0 };
  };

  return {
    name: 'synthetic',
    bar: (symbol, index) => path(symbol).bar(index),
    poll(req: PollRequest): Observation | Observable<Observation> {
      const fault = faultAt(opts.seed, req.symbol, req.tick, faults);
      if (fault.kind === 'fail') return { kind: 'fallback', reason: 'injected', message: `injected failure (failureRate ${faults.failureRate})`, attempts: 1 };
      if (fault.kind !== 'slow') return serve(req, fault);
      if (fault.timedOut) {
        return timer(faults.timeoutMs, req.scheduler).pipe(
          map((): Observation => ({ kind: 'fallback', reason: 'timeout', message: `no response within ${faults.timeoutMs} ms (injected slow response of ${fault.delayMs} ms)`, attempts: 1 })),
        );
      }
      return timer(fault.delayMs, req.scheduler).pipe(map(() => serve(req, { kind: 'none' })));
    },
  };
}
