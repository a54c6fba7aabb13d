import { type Bar } from '@tickfold/core';
import { seededRandom } from '@tickfold/core/internal';
import type { RawRow } from '../bars/sanitize.js';
import type { FaultOptions } from './options.js';

export type Fault =
  | { readonly kind: 'none' }
  | { readonly kind: 'fail' }
  | { readonly kind: 'slow'; readonly delayMs: number; readonly timedOut: boolean }
  | { readonly kind: 'stale'; readonly sinceTick: number }
  | { readonly kind: 'garbage'; readonly variant: number };

const NONE: Fault = { kind: 'none' };

export const NO_FAULTS: FaultOptions = { failureRate: 0, staleRate: 0, staleBurstTicks: 3, garbageRate: 0, slowRate: 0, slowMs: 5_000, timeoutMs: 2_000 };

const stream = (seed: number, symbol: string, tick: number, purpose: string) => seededRandom(seed)(symbol, tick, purpose);

/**
 * The fault of one poll, a pure function of (seed, symbol, tick). A stale burst started at tick
 * s covers ticks s .. s + staleBurstTicks - 1; each tick draws whether a burst starts there.
 */
export function faultAt(seed: number, symbol: string, tick: number, f: FaultOptions): Fault {
  if (f.failureRate === 0 && f.slowRate === 0 && f.staleRate === 0 && f.garbageRate === 0) return NONE;
  const rng = stream(seed, symbol, tick, 'fault');
  const uFail = rng(), uSlow = rng(), uGarbage = rng(), uVariant = rng();
  if (uFail < f.failureRate) return { kind: 'fail' };
  if (uSlow < f.slowRate) return { kind: 'slow', delayMs: f.slowMs, timedOut: f.slowMs >= f.timeoutMs };
  if (f.staleRate > 0) {
    for (let s = Math.max(1, tick - f.staleBurstTicks + 1); s <= tick; s++) {
      if (stream(seed, symbol, s, 'stale')() < f.staleRate) return { kind: 'stale', sinceTick: s };
    }
  }
  if (uGarbage < f.garbageRate) return { kind: 'garbage', variant: Math.floor(uVariant * 4) };
  return NONE;
}

/** A garbage copy of a bar, as a broken source would send it: NaN close, negative low, high < low or null volume. */
export const corrupt = (b: Bar, variant: number): RawRow => {
  const t = Date.parse(b.time);
  switch (variant) {
    case 0: return { timeMs: t, ...b, close: NaN };
    case 1: return { timeMs: t, ...b, low: -b.low };
    case 2: return { timeMs: t, ...b, high: b.low * 0.9 };
    default: return { timeMs: t, ...b, volume: null };
  }
};

