import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GENESIS_HASH, chainEvents, type EventRecord, type TickfoldEvent } from '../index.js';
import { DeferredChain, attachHash, chainPoint, continues } from '../internal.js';
import { canonical } from './canonical.js';
import { sealRecords } from './record.js';
import { runCollect } from '../test-support/collect.js';
import { scriptedFeed, walk } from '../test-support/scriptedFeed.js';

const eventsOf = (n: number): TickfoldEvent[] =>
  Array.from({ length: n }, (_, i) => ({ seq: i + 1, type: 'TickStarted', tick: i + 1, time: '2024-01-02T00:00:00.000Z', data: {} }) as never);

/** What a reader or a sink does after each batch: read one record's hash, take the batch (its hashes from elsewhere), or nothing. */
const stepArb = fc.oneof(
  fc.record({ kind: fc.constant('read' as const), at: fc.nat() }),
  fc.constant({ kind: 'take' as const }),
  fc.constant({ kind: 'none' as const }),
);

/** A sink's source of hashes: the reference's, counting what it was asked. */
const sourceOf = (hashes: readonly string[]) => {
  const source = { asked: 0, hashAt: (i: number) => (source.asked++, hashes[i]!) };
  return source;
};

describe('deferred chain', () => {
  it('gives every record the hash chainEvents gives it, whatever is read or taken by a sink, in whatever order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), stepArb), { minLength: 1, maxLength: 40 }), (batches) => {
        const total = batches.reduce((n, [size]) => n + size, 0);
        const events = eventsOf(total);
        const reference = chainEvents(GENESIS_HASH, events).records;
        const chain = new DeferredChain();
        const made: EventRecord[] = [];
        for (const [size, step] of batches) {
          const from = made.length;
          const batch = chain.extend(made.at(-1) ?? GENESIS_HASH, events.slice(from, from + size), canonical);
          made.push(...batch);
          if (step.kind === 'take') {
            // A sink that hashed the same bytes elsewhere: here, the reference's hashes.
            const source = sourceOf(reference.slice(from, from + size).map((r) => r.hash));
            batch.forEach((r, i) => {
              expect(attachHash(r, source, i)).toBe(true);
            });
          }
          if (step.kind === 'read' && made.length > 0) {
            const i = step.at % made.length;
            expect(made[i]!.hash).toBe(reference[i]!.hash);
          }
        }
        expect(made.map((r) => r.hash)).toEqual(reference.map((r) => r.hash));
        expect(made.map((r) => r.canonical)).toEqual(reference.map((r) => r.canonical));
      }),
      { numRuns: 200, seed: 8 },
    );
  });

  it('takes a sink\'s hashes as they are, without hashing, and asks for each once', () => {
    const records = new DeferredChain().extend(GENESIS_HASH, eventsOf(2), canonical);
    const source = sourceOf(['a'.repeat(64), 'b'.repeat(64)]);
    records.forEach((r, i) => attachHash(r, source, i));
    expect(records.map((r) => r.hash)).toEqual(['a'.repeat(64), 'b'.repeat(64)]);
    expect(records.map((r) => r.hash)).toEqual(['a'.repeat(64), 'b'.repeat(64)]);
    expect(source.asked).toBe(2);
  });

  it('hashes a batch no sink took before it makes the next, so records wait on one batch at most', () => {
    const chain = new DeferredChain();
    const events = eventsOf(4);
    const first = chain.extend(GENESIS_HASH, events.slice(0, 2), canonical);
    expect(typeof chainPoint(first[1]!)).toBe('object'); // deferred: not hashed yet
    chain.extend(first[1]!, events.slice(2, 4), canonical);
    expect(chainPoint(first[1]!)).toBe(chainEvents(GENESIS_HASH, events.slice(0, 2)).head);
  });

  it('an eager record has nothing to hand over', () => {
    const [record] = chainEvents(GENESIS_HASH, eventsOf(1)).records;
    expect(attachHash(record!, sourceOf(['a'.repeat(64)]), 0)).toBe(false);
    expect(record!.hash).not.toBe('a'.repeat(64));
  });

  it('goes on from an earlier record when a commit after it failed', () => {
    const events = eventsOf(5);
    const chain = new DeferredChain();
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
    const chain = new DeferredChain();
    const events = eventsOf(3);
    const a = chain.extend(GENESIS_HASH, events.slice(0, 1), canonical);
    sealRecords(a, GENESIS_HASH);
    expect(continues(a, GENESIS_HASH)).toBe(true);
    const source = sourceOf(['c'.repeat(64), 'd'.repeat(64), 'e'.repeat(64)]);
    attachHash(a[0]!, source, 0);
    const b = chain.extend(chainPoint(a[0]!), events.slice(1, 3), canonical);
    sealRecords(b, a[0]!);
    expect(continues(b, a[0]!)).toBe(true);
    expect(continues(b, GENESIS_HASH)).toBe(false);
    expect(continues([...b], a[0]!)).toBe(false); // not the engine's batch
    expect(source.asked).toBe(0); // nothing was read
    attachHash(b[0]!, source, 1);
    attachHash(b[1]!, source, 2);
    expect(b[1]!.hash).toBe('e'.repeat(64));
  });
});
