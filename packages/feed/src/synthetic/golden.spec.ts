import { describe, expect, it } from 'vitest';
import { SyntheticPath } from './path.js';

// Pinned bars: a change here changes every synthetic run's events and head hash. If it is
// intended, say so in the commit and update these values; never loosen them to toBeCloseTo.
describe('synthetic bars are pinned', () => {
  it('seed 42 SPY daily gives exactly these bars at indexes 1, -49 and 1000', () => {
    const p = new SyntheticPath({ seed: 42, symbol: 'SPY', startMs: Date.parse('2024-01-02T00:00:00.000Z'), stepMs: 86_400_000, volatility: 1 });
    expect([p.bar(1000), p.bar(-49), p.bar(1)]).toEqual([
      { time: '2026-09-27T00:00:00.000Z', open: 136.90059698991112, high: 138.63798682076634, low: 136.2225048383564, close: 138.28462677349836, volume: 3000405 },
      { time: '2023-11-13T00:00:00.000Z', open: 151.50726140197187, high: 151.8768472895281, low: 150.30060554540248, close: 150.79209970264435, volume: 3170022 },
      { time: '2024-01-02T00:00:00.000Z', open: 154.12146627860375, high: 155.46264395020705, low: 149.65370556072958, close: 150.9747532985177, volume: 4101638 },
    ]);
  });
});
