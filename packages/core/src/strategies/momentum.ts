import { clip, stdev, type Strategy } from './strategy.js';

/**
 * N-bar return scaled by volatility: the return over `lookback` bars divided by the
 * volatility expected over that horizon (stdev of one-bar log returns × √lookback), times
 * `scale`, clipped to [-1, 1]. A move of one expected sigma gives a target of `scale`.
 */
export const momentum: Strategy = {
  name: 'momentum',
  defaults: { lookback: 20, volLookback: 20, scale: 0.5 },
  window: (p) => Math.max(p['lookback']!, p['volLookback']!) + 1,
  check(p) {
    if (!(p['lookback']! >= 1 && Number.isInteger(p['lookback']))) throw new Error('momentum.lookback must be an integer >= 1');
    if (!(p['volLookback']! >= 2 && Number.isInteger(p['volLookback']))) throw new Error('momentum.volLookback must be an integer >= 2');
    if (!(p['scale']! > 0)) throw new Error('momentum.scale must be > 0');
  },
  target(bars, p) {
    const lookback = p['lookback']!;
    const volLookback = p['volLookback']!;
    const last = bars.length - 1;
    const ret = Math.log(bars[last]!.close / bars[last - lookback]!.close);
    const logReturns: number[] = [];
    for (let i = last - volLookback + 1; i <= last; i++) logReturns.push(Math.log(bars[i]!.close / bars[i - 1]!.close));
    const vol = stdev(logReturns) * Math.sqrt(lookback);
    if (Math.abs(ret) <= 1e-12) return 0;
    if (vol === 0) return Math.sign(ret);
    return clip((ret / vol) * p['scale']!);
  },
};
