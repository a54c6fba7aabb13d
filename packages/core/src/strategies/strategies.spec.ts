import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { momentum, meanReversion, smaCross, builtinStrategies, createRegistry, type Bar } from '../index.js';
import { combineTargets, resolveStrategies } from './registry.js';

const bars = (closes: readonly number[]): Bar[] =>
  closes.map((close, i) => ({ time: new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString(), open: close, high: close, low: close, close, volume: 0 }));

describe('smaCross', () => {
  it('is long when the fast SMA is above the slow one and flat otherwise', () => {
    const p = { fast: 2, slow: 4 };
    expect(smaCross.target(bars([1, 1, 1, 2, 3]), p)).toBe(1); // fast 2.5 > slow 1.75
    expect(smaCross.target(bars([3, 3, 3, 2, 1]), p)).toBe(0);
    expect(smaCross.target(bars([2, 2, 2, 2]), p)).toBe(0); // equal is not above
  });

  it('computes each SMA from the window, so a long run gives the same answer as its tail', () => {
    const long = Array.from({ length: 5000 }, (_, i) => 100 + Math.sin(i / 7) * 10 + i * 1e-3);
    const p = { fast: 10, slow: 30 };
    expect(smaCross.target(bars(long), p)).toBe(smaCross.target(bars(long.slice(-30)), p));
  });
});

describe('momentum', () => {
  it('goes long on a steady rise and short on a steady fall, within [-1, 1]', () => {
    const up = Array.from({ length: 30 }, (_, i) => 100 * 1.01 ** i * (1 + (i % 2) * 0.002));
    const down = up.map((c) => 1e4 / c);
    const p = momentum.defaults;
    expect(momentum.target(bars(up), p)).toBeGreaterThan(0);
    expect(momentum.target(bars(down), p)).toBeLessThan(0);
  });

  it('equals the N-bar log return over volatility × √N × scale', () => {
    const closes = [100, 101, 99, 102, 103, 101, 104];
    const p = { lookback: 3, volLookback: 4, scale: 0.5 };
    const c = closes;
    const ret = Math.log(c[6]! / c[3]!);
    const r = [4, 5, 6].map((i) => Math.log(c[i]! / c[i - 1]!)).concat([Math.log(c[3]! / c[2]!)]);
    const mean = r.reduce((a, b) => a + b) / 4;
    const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / 3);
    expect(momentum.target(bars(closes), p)).toBeCloseTo(Math.max(-1, Math.min(1, (ret / (sd * Math.sqrt(3))) * 0.5)), 12);
  });
});

describe('meanReversion', () => {
  it('sells a close far above its mean and buys one far below', () => {
    const flat = Array.from({ length: 19 }, (_, i) => 100 + (i % 2));
    expect(meanReversion.target(bars([...flat, 110]), meanReversion.defaults)).toBe(-1);
    expect(meanReversion.target(bars([...flat, 90]), meanReversion.defaults)).toBe(1);
  });

  it('is the negative z-score over entryZ', () => {
    const closes = [10, 12, 11, 13];
    const mean = 11.5;
    const sd = Math.sqrt(((1.5 ** 2) + 0.25 + 0.25 + 1.5 ** 2) / 3);
    expect(meanReversion.target(bars(closes), { lookback: 4, entryZ: 2 })).toBeCloseTo(-((13 - mean) / sd) / 2, 12);
  });
});

describe('combining strategies', () => {
  it('weights the components and clips the result', () => {
    const up = bars(Array.from({ length: 40 }, (_, i) => 100 + i));
    const resolved = resolveStrategies(
      [
        { name: 'sma-cross', weight: 3, params: { fast: 5, slow: 20 } },
        { name: 'mean-reversion', weight: 1, params: {} },
      ],
      builtinStrategies,
    );
    const { target, components } = combineTargets(resolved, up);
    expect(components['sma-cross']).toBe(1);
    expect(target).toBeCloseTo((3 * 1 + components['mean-reversion']!) / 4, 12);
  });

  it('accepts strategies registered through the embedding API and refuses duplicates', () => {
    const registry = createRegistry([{ name: 'always-long', defaults: {}, window: () => 1, target: () => 1 }]);
    const resolved = resolveStrategies([{ name: 'always-long', weight: 1, params: {} }], registry);
    expect(combineTargets(resolved, bars([1])).target).toBe(1);
    expect(() => createRegistry([{ ...smaCross }])).toThrow(/already registered/);
  });

  it('gives exactly 0 on a constant price, whatever the level (no signal from float noise)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000_000 }), fc.integer({ min: 31, max: 80 }), (cents, n) => {
        const b = bars(Array.from({ length: n }, () => cents / 100));
        for (const s of [momentum, meanReversion, smaCross]) expect(s.target(b, s.defaults)).toBe(0);
      }),
      { numRuns: 2000, seed: 3 },
    );
  });

  it('keeps every built-in target in [-1, 1] for any positive price path', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.01, max: 1e6, noNaN: true }), { minLength: 31, maxLength: 80 }), (closes) => {
        const b = bars(closes);
        for (const s of [momentum, meanReversion, smaCross]) {
          const t = s.target(b, s.defaults);
          expect(Number.isFinite(t) && t >= -1 && t <= 1).toBe(true);
        }
      }),
    );
  });
});
