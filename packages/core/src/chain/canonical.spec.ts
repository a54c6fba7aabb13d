import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonical } from '../index.js';
import { alreadyCanonical, stableStringify } from './canonical.js';
import { scriptedFeed, walk } from '../test-support/scriptedFeed.js';
import { runCollect } from '../test-support/collect.js';

/** Rebuilds objects with their keys in sorted order at every depth (what the engine emits). */
const sortDeep = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(sortDeep)
    : v !== null && typeof v === 'object'
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortDeep((v as Record<string, unknown>)[k])]))
      : v;

describe('canonical form', () => {
  it('is byte-identical to fast-json-stable-stringify for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonical(v)).toBe(stableStringify(v));
        expect(canonical(sortDeep(v))).toBe(stableStringify(v));
      }),
      { numRuns: 5000, seed: 11 },
    );
  });

  it('is byte-identical for values JSON cannot hold as they are (undefined, NaN, -0, dates, integer keys)', () => {
    const odd = [{ a: undefined, b: 1 }, [undefined, NaN, -0, Infinity], { 10: 'x', 2: 'y', a: 'z' }, { d: new Date(0) }, -0, 'é\u2028"\\'];
    for (const v of odd) expect(canonical(v)).toBe(stableStringify(v));
  });

  it('is byte-identical on every event type a session emits, and takes the fast path for all but SessionStarted', async () => {
    const run = await runCollect(
      { symbols: ['AAA', 'BBB'], broker: { fill: 'next-open', slippageNoiseBps: 2 }, risk: { maxDrawdown: 0.02 } },
      { feed: scriptedFeed({ closes: { AAA: walk('c1', -60, 60, 100, 0.05), BBB: walk('c2', -60, 60, 100, 0.05) }, failures: { AAA: new Map([[3, 'network' as const]]) } }) },
      60,
    );
    const seen = new Set<string>();
    for (const r of run.records) {
      expect(r.canonical).toBe(stableStringify(r.event));
      if (r.event.type !== 'SessionStarted') expect(alreadyCanonical(r.event)).toBe(true);
      seen.add(r.event.type);
    }
    expect([...seen].sort()).toEqual(['BarReceived', 'Fallback', 'Heartbeat', 'KillSwitchTripped', 'OrderFilled', 'OrderSubmitted', 'SessionEnded', 'SessionStarted', 'SignalComputed', 'TickStarted']);
  });
});
