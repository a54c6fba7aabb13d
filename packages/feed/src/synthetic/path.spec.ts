import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isUsableBar } from '@tickfold/core/internal';
import { BLOCK, HELD_BLOCKS, SyntheticPath, Walk } from './path.js';

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

  it('gives every bar of a long path the same as a fresh path does, in constant memory', () => {
    const long = new SyntheticPath(spec(9));
    for (let k = 1; k <= 20_000; k++) long.bar(k);
    const fresh = new SyntheticPath(spec(9));
    for (const k of [1, 2, 511, 512, 513, 10_000, 19_999, 20_000, -3]) expect(long.bar(k), `bar ${k}`).toEqual(fresh.bar(k));
  });
});

/** A walk whose point n is n(n+1)/2 (each point adds its index), counting the points it computes. */
function countingWalk(): { walk: Walk; computed: () => number } {
  let computed = 0;
  const walk = new Walk({ step: { regime: 0, logReturn: 0, gap: 0, wickUp: 0, wickDown: 0, volumeNoise: 0 }, close: 0 }, (previous, n) => {
    computed++;
    return { step: previous.step, close: previous.close + n };
  });
  return { walk, computed: () => computed };
}

describe('a walk of the path', () => {
  it('gives each point as the sequence defines it, whatever order the points are asked in', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 * BLOCK }), { minLength: 1, maxLength: 40 }), (indexes) => {
        const { walk } = countingWalk();
        for (const n of indexes) expect(walk.at(n).close).toBe((n * (n + 1)) / 2);
      }),
      { numRuns: 50 },
    );
  });

  it('computes each point once when read in order, and holds only a few blocks of them', () => {
    const { walk, computed } = countingWalk();
    const end = 100 * BLOCK;
    for (let n = 0; n <= end; n++) walk.at(n);
    // Every point once (the origin is given), through the first point of the block after the last one read.
    expect(computed()).toBe((Math.floor(end / BLOCK) + 1) * BLOCK);
    // The start was let go: reading it again recomputes its block, and only that block.
    const before = computed();
    expect(walk.at(1).close).toBe(1);
    expect(computed() - before).toBe(BLOCK - 1);
    // The blocks read last are still held.
    const held = computed();
    for (let b = 0; b < HELD_BLOCKS - 1; b++) walk.at(end - b * BLOCK);
    expect(computed()).toBe(held);
  });
});

