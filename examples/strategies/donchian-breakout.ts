import type { Bar, Strategy, StrategyParams } from '@tickfold/core';
import { channel } from './lib/indicators.mjs';

/**
 * Donchian breakout (the turtles' entry): long when the close breaks above the highest high of
 * the last `entry` bars, flat when it falls below the lowest low of the last `exit` bars. Being a
 * pure function of the window, it decides "still in the trade" by looking back for the last
 * breakout and the last exit signal within the window, never by remembering earlier calls.
 */
const donchian: Strategy = {
  name: 'donchian-breakout',
  defaults: { entry: 20, exit: 10 },
  window: (p: StrategyParams) => 2 * Math.max(p['entry']!, p['exit']!) + 1,
  check(p: StrategyParams) {
    for (const k of ['entry', 'exit']) if (!(Number.isInteger(p[k]) && p[k]! >= 2)) throw new Error(`donchian-breakout.${k} must be an integer >= 2`);
  },
  target(bars: readonly Bar[], p: StrategyParams): number {
    const entry = p['entry']!;
    const exit = p['exit']!;
    const reach = Math.max(entry, exit);
    // Walk from the newest bar back: whichever signal came last decides.
    for (let end = bars.length; end > reach; end--) {
      const view = bars.slice(0, end);
      const close = view[view.length - 1]!.close;
      if (close < channel(view, exit).low) return 0;
      if (close > channel(view, entry).high) return 1;
    }
    return 0;
  },
};

export default donchian;
