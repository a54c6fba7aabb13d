import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Bar } from '../events/index.js';
import { appendWindow } from './evolve.js';

const bar = (n: number): Bar => ({ close: n + 1, high: n + 2, low: n + 0.5, open: n + 1, time: `t${n}`, volume: n });
/** Distinct bars, so a window that kept the wrong ones or the wrong order differs. */
const bars = (from: number, count: number): Bar[] => Array.from({ length: count }, (_, i) => bar(from + i));

describe('appendWindow', () => {
  it('is the window with the bars appended, cut to the newest `size`, as a new array whatever the sizes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 4 }), fc.boolean(), (size, held, added, frozen) => {
        const window = bars(0, held);
        if (frozen) Object.freeze(window);
        const fresh = bars(100, added);
        const next = appendWindow(window, fresh, size);
        const expected = size === 0 ? [] : [...window, ...fresh].slice(-size);
        expect(next).toEqual(expected);
        // The same bar objects, in order, and nothing but the elements (no stray keys).
        expect(next.every((b, i) => b === expected[i])).toBe(true);
        expect(Object.keys(next)).toEqual(expected.map((_, i) => String(i)));
        expect(next).not.toBe(window);
      }),
      { numRuns: 2000, seed: 13 },
    );
  });
});
