import { describe, expect, it } from 'vitest';
import { seededRandom } from '@tickfold/core/internal';
import { backoffDelays } from './backoff.js';

const rules = { attempts: 3, backoffMs: 1000, maxBackoffMs: 30_000, jitter: 0.5 };

describe('backoff', () => {
  it('doubles each wait and draws the jitter from the (seed, symbol, tick) stream', () => {
    const rng = seededRandom(42)('SPY', 7, 'backoff');
    const u1 = rng(), u2 = rng();
    expect(backoffDelays(42, 'SPY', 7, rules)).toEqual([Math.round(1000 * (0.5 + 0.5 * u1)), Math.round(2000 * (0.5 + 0.5 * u2))]);
  });

  it('reproduces the same waits for a seed and differs for another tick or seed', () => {
    expect(backoffDelays(1, 'SPY', 3, rules)).toEqual(backoffDelays(1, 'SPY', 3, rules));
    expect(backoffDelays(1, 'SPY', 4, rules)).not.toEqual(backoffDelays(1, 'SPY', 3, rules));
    expect(backoffDelays(2, 'SPY', 3, rules)).not.toEqual(backoffDelays(1, 'SPY', 3, rules));
  });

  it('caps the wait at maxBackoffMs and is exact without jitter', () => {
    expect(backoffDelays(1, 'SPY', 1, { attempts: 6, backoffMs: 1000, maxBackoffMs: 5000, jitter: 0 })).toEqual([1000, 2000, 4000, 5000, 5000]);
    expect(backoffDelays(1, 'SPY', 1, { ...rules, attempts: 1 })).toEqual([]);
  });
});
