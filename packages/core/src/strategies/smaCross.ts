import { NOISE, sma, type Strategy } from './strategy.js';

/** Classic crossover: long (1) while SMA(fast) > SMA(slow), flat (0) otherwise. */
export const smaCross: Strategy = {
  name: 'sma-cross',
  defaults: { fast: 10, slow: 30 },
  window: (p) => p['slow']!,
  check(p) {
    const fast = p['fast']!;
    const slow = p['slow']!;
    if (!(Number.isInteger(fast) && fast >= 1)) throw new Error('sma-cross.fast must be an integer >= 1');
    if (!(Number.isInteger(slow) && slow > fast)) throw new Error(`sma-cross.slow must be an integer > fast (${fast})`);
  },
  target(bars, p) {
    const slow = sma(bars, p['slow']!);
    return sma(bars, p['fast']!) - slow > NOISE * slow ? 1 : 0;
  },
};
