import { clip, lastCloses, meanStdev, type Strategy } from './strategy.js';

/**
 * Negative z-score of the close against its rolling mean over `lookback` bars, divided by
 * `entryZ` and clipped: at z = +entryZ the target is fully short, at -entryZ fully long.
 */
export const meanReversion: Strategy = {
  name: 'mean-reversion',
  defaults: { lookback: 20, entryZ: 2 },
  window: (p) => p['lookback']!,
  check(p) {
    if (!(p['lookback']! >= 2 && Number.isInteger(p['lookback']))) throw new Error('mean-reversion.lookback must be an integer >= 2');
    if (!(p['entryZ']! > 0)) throw new Error('mean-reversion.entryZ must be > 0');
  },
  target(bars, p) {
    const closes = lastCloses(bars, p['lookback']!);
    const { mean, sd } = meanStdev(closes);
    if (sd === 0) return 0;
    const z = (closes[closes.length - 1]! - mean) / sd;
    return clip(-z / p['entryZ']!);
  },
};
