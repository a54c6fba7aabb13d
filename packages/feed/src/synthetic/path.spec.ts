import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isUsableBar } from '@tickfold/core/internal';
import { SyntheticPath } from './path.js';

const DAY_MS = 86_400_000;
const spec = (seed: number, symbol = 'SPY') => ({ seed, symbol, startMs: Date.parse('2024-01-02T00:00:00.000Z'), stepMs: DAY_MS, volatility: 1 });

describe('synthetic path', () => {
  it('gives identical bars for the same seed and different bars for another seed', () => {
    const a = new SyntheticPath(spec(7)).bars(-50, 200);
    const b = new SyntheticPath(spec(7)).bars(-50, 200);
    const c = new SyntheticPath(spec(8)).bars(-50, 200);
    expect(b).toEqual(a);
    expect(c.map((x) => x.close)).not.toEqual(a.map((x) => x.close));
  });

  it('gives the same bar for an index whatever order the indexes are asked in', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -300, max: 300 }), { minLength: 1, maxLength: 20 }), (indexes) => {
        const reference = new SyntheticPath(spec(3));
        const shuffled = new SyntheticPath(spec(3));
        const got = indexes.map((k) => shuffled.bar(k));
        expect(got).toEqual(indexes.map((k) => reference.bars(-300, 300)[k + 300]));
      }),
      { numRuns: 30 },
    );
  });

  it('joins history and future: bar k opens near the close of bar k - 1', () => {
    const p = new SyntheticPath(spec(11));
    for (let k = -20; k <= 20; k++) {
      expect(Math.abs(Math.log(p.bar(k).open / p.close(k - 1)))).toBeLessThan(0.05);
    }
  });

  it('differs between symbols of the same seed', () => {
    const spy = new SyntheticPath(spec(1, 'SPY')).bars(1, 50).map((b) => b.close);
    const qqq = new SyntheticPath(spec(1, 'QQQ')).bars(1, 50).map((b) => b.close);
    expect(qqq).not.toEqual(spy);
  });

  it('keeps OHLC invariants, finite values and integer volume over 100,000 bars', () => {
    for (const [seed, stepMs] of [[1, DAY_MS], [2, 60_000]] as const) {
      const p = new SyntheticPath({ ...spec(seed), stepMs });
      let bad = 0;
      for (let k = -50_000; k < 50_000; k++) {
        const b = p.bar(k);
        if (!isUsableBar(b) || !Number.isInteger(b.volume) || b.high < Math.max(b.open, b.close) || b.low > Math.min(b.open, b.close)) bad++;
      }
      expect(bad, `seed ${seed}`).toBe(0);
    }
  });

  it('puts bar 1 at the start time and steps by stepMs', () => {
    const p = new SyntheticPath({ ...spec(1), stepMs: 60_000 });
    expect(p.bar(1).time).toBe('2024-01-02T00:00:00.000Z');
    expect(p.bar(0).time).toBe('2024-01-01T23:59:00.000Z');
    expect(p.bar(3).time).toBe('2024-01-02T00:02:00.000Z');
  });

  it('switches regimes: daily log-return volatility varies between windows', () => {
    const p = new SyntheticPath(spec(5));
    const vols: number[] = [];
    for (let w = 0; w < 40; w++) {
      const r = [];
      for (let k = w * 50 + 1; k <= w * 50 + 50; k++) r.push(Math.log(p.close(k) / p.close(k - 1)));
      const m = r.reduce((a, b) => a + b, 0) / r.length;
      vols.push(Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / r.length));
    }
    expect(Math.max(...vols) / Math.min(...vols)).toBeGreaterThan(2);
  });
});
