import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resolveConfig, type Bar, type Observation } from '../index.js';
import { admit } from './admit.js';
import { timeAt } from '../test-support/scriptedFeed.js';

const config = resolveConfig({});
const price = fc.oneof(fc.double({ min: 0.01, max: 1000, noNaN: true }), fc.constantFrom(0, -1, Number.NaN, Infinity));
const bar: fc.Arbitrary<Bar> = fc.record({ tick: fc.integer({ min: -3, max: 12 }), open: price, high: price, low: price, close: price, volume: fc.constantFrom(0, 10, -1) }).map(({ tick, ...b }) => ({ time: timeAt(tick), ...b }));
/** An unusable bar: it only adds to the dropped count, whatever path admit takes. */
const junk: Bar = { time: timeAt(1), open: Number.NaN, high: 1, low: 1, close: 1, volume: 1 };

describe('admit', () => {
  it('decides one bar (its fast path) exactly as the general path decides it beside one unusable bar, but for that bar\'s count', () => {
    fc.assert(
      fc.property(bar, fc.option(fc.integer({ min: -3, max: 12 }), { nil: null }), fc.integer({ min: 1, max: 12 }), (b, last, tick) => {
        const view = { symbol: 'SPY', lastBarTime: last === null ? null : timeAt(last), bars: [] };
        const obs = (bars: Bar[]): Observation => ({ kind: 'bars', bars, attempts: 1, dropped: 0 });
        const one = admit(view, obs([b]), tick, timeAt(tick), config);
        const two = admit(view, obs([b, junk]), tick, timeAt(tick), config);
        if (two.type === 'BarReceived') expect(one).toEqual({ ...two, data: { ...two.data, dropped: two.data.dropped - 1 } });
        else if (two.data.reason === 'malformed') expect(one).toEqual({ ...two, data: { ...two.data, message: two.data.message.replace('all 2 bars', 'all 1 bars') } });
        else expect(one).toEqual(two);
      }),
      { numRuns: 3000, seed: 5 },
    );
  });
});
