import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { TickfoldEvent } from '../index.js';
import { stableStringify } from './canonical.js';
import { serializeEvent } from './serialize.js';
import { scriptedFeed, walk } from '../test-support/scriptedFeed.js';
import { runCollect } from '../test-support/collect.js';

const number = fc.double({ noNaN: true, noDefaultInfinity: true });
const text = fc.string({ unit: 'binary' });
const envelope = { seq: fc.nat(), tick: fc.nat(), time: text };
const symbolEnvelope = { ...envelope, symbol: text };
const bar = fc.record({ close: number, high: number, low: number, open: number, time: text, volume: number });
/** Events whose records draw their keys from `key`: a small pool makes consecutive events repeat their keys, in any insertion order. */
const eventsWith = (key: fc.Arbitrary<string>): fc.Arbitrary<TickfoldEvent> => fc.oneof(
  fc.record({ ...envelope, type: fc.constant('TickStarted'), data: fc.constant({}) }),
  fc.record({ ...symbolEnvelope, type: fc.constant('BarReceived'), data: fc.record(
      { attempts: fc.nat(), bars: fc.array(bar, { minLength: 1, maxLength: 4 }), dropped: fc.nat(), problems: fc.array(fc.record({ file: text, line: fc.nat(), reason: text }), { minLength: 1, maxLength: 3 }) },
      { requiredKeys: ['attempts', 'bars', 'dropped'] },
    ) }),
  fc.record({ ...symbolEnvelope, type: fc.constant('SignalComputed'), data: fc.record({ barTime: text, components: fc.dictionary(key, number), price: number, target: number }) }),
  fc.record({ ...symbolEnvelope, type: fc.constant('OrderSubmitted'), data: fc.record({ decidedAtBar: text, orderId: text, targetWeight: number }) }),
  fc.record({
    ...symbolEnvelope,
    type: fc.constant('OrderFilled'),
    data: fc.record({
      cause: text, clipped: fc.option(text, { nil: null }), fee: number, fillModel: text, orderId: text, price: number, qty: number, refPrice: number,
      requestedQty: number, slippageBps: number, targetWeight: number, writeOff: number,
    }),
  }),
  fc.record({
    ...envelope,
    type: fc.constant('Heartbeat'),
    data: fc.record({
      equity: number,
      symbols: fc.dictionary(key, fc.record({ cash: number, equity: number, halted: fc.option(text, { nil: null }), position: number, price: fc.option(number, { nil: null }), weight: number })),
    }),
  }),
) as fc.Arbitrary<TickfoldEvent>;
const events = eventsWith(text);

describe('per-type event serializers', () => {
  it('are byte-identical to fast-json-stable-stringify on arbitrary events of each type (odd strings, integer-like keys, -0, extreme numbers)', () => {
    fc.assert(
      fc.property(events, (e) => {
        expect(serializeEvent(e)).toBe(stableStringify(e));
      }),
      { numRuns: 5000, seed: 31 },
    );
  });

  it('are byte-identical on runs of events whose records repeat their keys, in the same or another order', () => {
    const pooled = eventsWith(fc.constantFrom('AAA', 'BBB', 'momentum', 'mean-reversion', '10', '2', 'é', '__proto__'));
    fc.assert(
      fc.property(fc.array(pooled, { minLength: 2, maxLength: 12 }), (run) => {
        for (const e of run) expect(serializeEvent(e)).toBe(stableStringify(e));
      }),
      { numRuns: 2000, seed: 32 },
    );
  });

  it('are byte-identical on every event a session emits, including the types they hand to canonical', async () => {
    const run = await runCollect(
      { symbols: ['AAA', 'BBB'], broker: { fill: 'next-open', slippageNoiseBps: 2 }, risk: { maxDrawdown: 0.02 } },
      { feed: scriptedFeed({ closes: { AAA: walk('s1', -60, 60, 100, 0.05), BBB: walk('s2', -60, 60, 100, 0.05) }, failures: { AAA: new Map([[3, 'network' as const]]) } }) },
      60,
    );
    for (const r of run.records) {
      expect(serializeEvent(r.event)).toBe(stableStringify(r.event));
      expect(r.canonical).toBe(stableStringify(r.event));
    }
    expect(new Set(run.records.map((r) => r.event.type)).size).toBeGreaterThanOrEqual(9);
  });
});
