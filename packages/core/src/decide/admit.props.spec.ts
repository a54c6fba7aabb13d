import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resolveConfig, type Bar, type Observation } from '../index.js';
import { admit, meetsSchema } from './admit.js';
import { sequenced } from './tick.js';
import { isValidEvent } from '../events/validate.js';
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

describe('meetsSchema', () => {
  // Every kind of value a feed or a bad state could put where admit copies it: fractions, zero,
  // negatives, non-numbers; rows with problems; symbols and times the schema refuses.
  const count = fc.oneof({ arbitrary: fc.integer({ min: 1, max: 5 }), weight: 6 }, fc.integer({ min: -1, max: 0 }), fc.constantFrom(0.5, Number.NaN, Infinity, -0, '1' as unknown as number));
  /**
   * Mostly usable bars (random prices seldom make a valid high and low), some of any kind; their
   * time in the instant's form or not (no milliseconds, the date alone, no real day, not a string),
   * and some with a key the schema does not know: what isUsableBar and copyBar must keep out.
   */
  const barTime = (tick: number, form: 'iso' | 'no-ms' | 'date' | 'no-day' | 'number'): string => {
    const iso = timeAt(tick);
    if (form === 'number') return Date.parse(iso) as unknown as string;
    return form === 'iso' ? iso : form === 'no-ms' ? iso.replace('.000Z', 'Z') : form === 'date' ? iso.slice(0, 10) : `${iso.slice(0, 8)}32${iso.slice(10)}`;
  };
  const usable: fc.Arbitrary<Bar> = fc
    .record({
      tick: fc.integer({ min: -3, max: 12 }),
      open: fc.double({ min: 0.01, max: 1000, noNaN: true }),
      close: fc.double({ min: 0.01, max: 1000, noNaN: true }),
      form: fc.oneof({ arbitrary: fc.constant('iso' as const), weight: 6 }, fc.constantFrom('no-ms' as const, 'date' as const, 'no-day' as const, 'number' as const)),
      extra: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, fc.constant(true)),
    })
    .map(({ tick, open, close, form, extra }) => ({ time: barTime(tick, form), open, high: Math.max(open, close), low: Math.min(open, close), close, volume: 5, ...(extra ? { vwap: open } : {}) }));
  const problems = fc.option(fc.array(fc.record({ file: fc.constantFrom('a.csv', ''), line: fc.constantFrom(1, 0, 2.5), reason: fc.constantFrom('bad', '') }), { maxLength: 2 }), { nil: undefined, freq: 2 });
  const observation: fc.Arbitrary<Observation> = fc.record({ bars: fc.array(fc.oneof({ arbitrary: usable, weight: 4 }, bar, fc.constant(junk)), { minLength: 1, maxLength: 3 }), attempts: count, dropped: count, problems }).map(({ problems: p, ...o }) => ({ kind: 'bars', ...o, ...(p === undefined ? {} : { problems: p }) }));

  it('passes only events that validate: what it lets skip the validator would have passed it', () => {
    let passed = 0;
    fc.assert(
      fc.property(
        observation,
        fc.option(fc.integer({ min: -3, max: 12 }), { nil: null }),
        fc.integer({ min: -1, max: 12 }),
        fc.oneof({ arbitrary: fc.integer({ min: 1, max: 99 }), weight: 3 }, fc.constantFrom(0, -1, 1.5)),
        fc.oneof({ arbitrary: fc.constantFrom('SPY', 'BRK-B', '^GSPC'), weight: 3 }, fc.constantFrom('spy', '', 'A B')),
        // The tick's time in the instant's form, or not: without milliseconds, the date alone, no real day.
        fc.oneof({ arbitrary: fc.constant('iso' as const), weight: 3 }, fc.constantFrom('no-ms' as const, 'date' as const, 'no-day' as const)),
        (obs, last, tick, seq, symbol, form) => {
          const view = { symbol, lastBarTime: last === null ? null : timeAt(last), bars: [] };
          const iso = timeAt(Math.max(tick, 0));
          const time = form === 'iso' ? iso : form === 'no-ms' ? iso.replace('.000Z', 'Z') : form === 'date' ? iso.slice(0, 10) : `${iso.slice(0, 8)}32${iso.slice(10)}`;
          const event = sequenced(admit(view, obs, tick, time, config), seq);
          if (!meetsSchema(event)) return;
          passed++;
          expect(isValidEvent(event)).toBe(true);
        },
      ),
      { numRuns: 20000, seed: 8 },
    );
    // The property says something only if many events took the fast path.
    expect(passed).toBeGreaterThan(300);
  });
});
