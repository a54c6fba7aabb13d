import { rsi } from './lib/indicators.mjs';

/**
 * RSI mean reversion: long when the RSI is oversold (below `oversold`), short when overbought
 * (above 100 - oversold), scaled linearly in between the band edges and 0 at 50; `short: 0`
 * keeps it long-only. A pure function of the bars and params, as every strategy must be.
 */
export default {
  name: 'rsi-reversion',
  defaults: { period: 14, oversold: 30, short: 1 },
  window: (p) => p.period + 1,
  check(p) {
    if (!(Number.isInteger(p.period) && p.period >= 2)) throw new Error('rsi-reversion.period must be an integer >= 2');
    if (!(p.oversold > 0 && p.oversold < 50)) throw new Error('rsi-reversion.oversold must be between 0 and 50');
    if (p.short !== 0 && p.short !== 1) throw new Error('rsi-reversion.short must be 0 (long only) or 1');
  },
  target(bars, p) {
    const r = rsi(bars, p.period);
    const t = Math.max(-1, Math.min(1, (50 - r) / (50 - p.oversold)));
    return p.short ? t : Math.max(0, t);
  },
};
