import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { seededRandom } from './seeded.js';

const draws = (rng: () => number, n = 4): number[] => Array.from({ length: n }, () => rng());

// The key `seed|symbol|tick|purpose` is what every seeded stream of every package draws from (the
// feed's backoff jitter, synthetic bars and faults, the broker's slippage noise): changing it
// changes every synthetic run's bars and every head hash, so it is pinned here, in its one home.
describe('seededRandom', () => {
  it("draws from alea keyed 'seed|symbol|tick|purpose'", () => {
    expect(draws(seededRandom(42)('SPY', 7, 'backoff'))).toEqual(draws(seedrandom.alea('42|SPY|7|backoff')));
    expect(draws(seededRandom(3)('BRK-B', -49, 'synthetic'))).toEqual(draws(seedrandom.alea('3|BRK-B|-49|synthetic')));
  });

  it('gives each (symbol, tick, purpose) its own stream', () => {
    const random = seededRandom(42);
    const first = draws(random('SPY', 7, 'fault'));
    expect(draws(random('SPY', 7, 'fault'))).toEqual(first);
    expect(draws(random('QQQ', 7, 'fault'))).not.toEqual(first);
    expect(draws(random('SPY', 8, 'fault'))).not.toEqual(first);
    expect(draws(random('SPY', 7, 'stale'))).not.toEqual(first);
  });
});
