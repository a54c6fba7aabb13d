import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GENESIS_HASH, chainEvents, type EventRecord, type TickfoldEvent } from '../index.js';
import { DeferredChain, continues, settlerOf } from '../internal.js';
import { canonical } from './canonical.js';
import { sealRecords } from './record.js';
import { runCollect } from '../test-support/collect.js';
import { scriptedFeed, walk } from '../test-support/scriptedFeed.js';

const eventsOf = (n: number): TickfoldEvent[] =>
  Array.from({ length: n }, (_, i) => ({ seq: i + 1, type: 'TickStarted', tick: i + 1, time: '2024-01-02T00:00:00.000Z', data: {} }) as never);

/** What a reader or a settling sink does after each batch: read one record's hash, settle a prefix, or nothing. */
const stepArb = fc.oneof(
  fc.record({ kind: fc.constant('read' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('settle' as const), upTo: fc.nat() }),
  fc.constant({ kind: 'none' as const }),
);

describe('deferred chain', () => {
  it('gives every record the hash chainEvents gives it, whatever is read or settled, in whatever order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), stepArb), { minLength: 1, maxLength: 40 }), (batches) => {
        const total = batches.reduce((n, [size]) => n + size, 0);
        const events = eventsOf(total);
        const reference = chainEvents(GENESIS_HASH, events).records;
        const chain = new DeferredChain(GENESIS_HASH);
        const made: EventRecord[] = [];
        let settled = 0;
        for (const [size, step] of batches) {
          made.push(...chain.extend(made.at(-1) ?? GENESIS_HASH, events.slice(made.length, made.length + size), canonical));
          if (step.kind === 'read' && made.length > 0) {
            const i = step.at % made.length;
            expect(made[i]!.hash).toBe(reference[i]!.hash);
          }
          if (step.kind === 'settle' && made.length > settled) {
            // A sink settles from where it stopped: the hashes it computed itself, here the reference's.
            const upTo = settled + 1 + (step.upTo % (made.length - settled));
            settlerOf(made[0]!)!(settled + 1, reference.slice(settled, upTo).map((r) => r.hash).join(''));
            settled = upTo;
          }
        }
        expect(made.map((r) => r.hash)).toEqual(reference.map((r) => r.hash));
        expect(made.map((r) => r.canonical)).toEqual(reference.map((r) => r.canonical));
      }),
      { numRuns: 200, seed: 8 },
    );
  });

  it('takes settled hashes as they are, without hashing again', () => {
    const chain = new DeferredChain(GENESIS_HASH);
    const records = chain.extend(GENESIS_HASH, eventsOf(2), canonical);
    settlerOf(records[0]!)!(1, 'a'.repeat(64) + 'b'.repeat(64));
    expect(records.map((r) => r.hash)).toEqual(['a'.repeat(64), 'b'.repeat(64)]);
  });

  it('goes on from an earlier record when a commit after it failed', () => {
    const events = eventsOf(5);
    const chain = new DeferredChain(GENESIS_HASH);
    const first = chain.extend(GENESIS_HASH, events.slice(0, 2), canonical);
    chain.extend(first[1]!, events.slice(2, 4), canonical); // handed to a sink that failed
    const again = chain.extend(first[1]!, events.slice(2, 5), canonical);
    expect([...first, ...again].map((r) => r.hash)).toEqual(chainEvents(GENESIS_HASH, events).records.map((r) => r.hash));
  });

  it('an engine with deferred hashing publishes the records and head of an eager one', async () => {
    const config = { seed: 5, symbols: ['QQQ', 'SPY'] };
    const feed = () => scriptedFeed({ closes: { QQQ: walk('q', -60, 80), SPY: walk('s', -60, 80) } });
    const eager = await runCollect(config, { feed: feed() }, 80);
    const deferred = await runCollect(config, { feed: feed(), hashing: 'deferred' }, 80);
    expect(eager.records.length).toBeGreaterThan(200);
    expect(deferred.result.head).toBe(eager.result.head);
    expect(deferred.records.map((r) => [r.canonical, r.hash])).toEqual(eager.records.map((r) => [r.canonical, r.hash]));
  });

  it('tells a batch that continues a sink\'s last record from one that does not, without reading a deferred hash', () => {
    const chain = new DeferredChain(GENESIS_HASH);
    const events = eventsOf(3);
    const a = chain.extend(GENESIS_HASH, events.slice(0, 1), canonical);
    sealRecords(a, GENESIS_HASH);
    const b = chain.extend(a[0]!, events.slice(1, 3), canonical);
    sealRecords(b, a[0]!);
    expect(continues(a, GENESIS_HASH)).toBe(true);
    expect(continues(b, a[0]!)).toBe(true);
    expect(continues(b, GENESIS_HASH)).toBe(false);
    expect(continues([...b], a[0]!)).toBe(false); // not the engine's batch
    // Nothing was hashed: settling now still takes the given hashes.
    settlerOf(a[0]!)!(1, 'c'.repeat(64 * 3));
    expect(b[1]!.hash).toBe('c'.repeat(64));
  });
});
