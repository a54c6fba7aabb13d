import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GENESIS_HASH, chainEvents, chainHash, evolve, fold, initialState, resolveConfig, type Bar, type Feed, type Observation, type State } from '../index.js';
import { decideContext } from '../decide/context.js';
import { checkInvariants } from './invariants.js';
import { stableStringify } from '../chain/canonical.js';
import { validateEvent } from '../events/validate.js';
import { barAt, timeAt } from '../test-support/scriptedFeed.js';
import { runCollect } from '../test-support/collect.js';

/** A feed over arbitrary log-returns (up to ±25% a bar), with arbitrary outages. */
function arbitraryFeed(returns: readonly number[], outages: ReadonlySet<number>): Feed {
  const closes = [100];
  for (const r of returns) closes.push(closes[closes.length - 1]! * Math.exp(r));
  const history = 60;
  return {
    name: 'arbitrary',
    poll({ tick, lastBarTime }): Observation {
      if (outages.has(tick)) return { kind: 'fallback', reason: 'timeout', message: 'outage', attempts: 3 };
      const bars: Bar[] = [];
      for (let t = tick - history; t <= tick; t++) {
        const i = Math.max(0, Math.min(closes.length - 1, t + history));
        if (lastBarTime === null || timeAt(t) > lastBarTime) bars.push(barAt(t, closes[i]!, closes[Math.max(0, i - 1)]!));
      }
      return { kind: 'bars', bars, attempts: 1, dropped: 0 };
    },
  };
}

const configArb = fc.record({
  seed: fc.nat(1000),
  broker: fc.record({
    fill: fc.constantFrom('close', 'next-open'),
    sizing: fc.constantFrom('fractional', 'whole'),
    feeBps: fc.integer({ min: 0, max: 50 }),
    slippageBps: fc.integer({ min: 0, max: 50 }),
    slippageNoiseBps: fc.integer({ min: 0, max: 10 }),
    maxPosition: fc.constantFrom(0.25, 0.5, 1),
    allowShort: fc.boolean(),
  }),
  strategies: fc.constantFrom(
    [{ name: 'momentum', weight: 1, params: { lookback: 5, volLookback: 5, scale: 3 } }, { name: 'mean-reversion', weight: 1, params: { lookback: 5, entryZ: 0.5 } }],
    [{ name: 'sma-cross', weight: 1, params: { fast: 3, slow: 8 } }],
  ),
  data: fc.constant({ minBars: 10 }),
  risk: fc.record({ maxDrawdown: fc.constantFrom(null, 0.3), dailyLoss: fc.constantFrom(null, 0.1), maxConsecutiveFallbacks: fc.constantFrom(null, 3) }),
});

/** A 60-tick session: a config, 120 bar returns, and up to 8 ticks at which its feed fails. */
const sessionArb = fc.tuple(
  configArb,
  fc.array(fc.double({ min: -0.25, max: 0.25, noNaN: true }), { minLength: 120, maxLength: 120 }),
  fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 8 }),
);
/** Runs the session; also gives its config and the state a fold of its events starts from. */
async function runSession([config, returns, outages]: [typeof configArb extends fc.Arbitrary<infer C> ? C : never, number[], number[]]) {
  const run = await runCollect(config, { feed: arbitraryFeed(returns, new Set(outages)) }, 60);
  const resolved = resolveConfig(config);
  return { config, run, start: initialState(resolved, decideContext(resolved).windowSize) };
}

describe('every state of every run', () => {
  it('satisfies the invariants, and refolding the events reproduces the state and the head hash', async () => {
    await fc.assert(
      fc.asyncProperty(
        sessionArb,
        async (session) => {
          const { config, run, start } = await runSession(session);
          for (const s of run.states) expect(checkInvariants(s, config.broker.maxPosition)).toEqual([]);
          // The engine checks only what feeds give; everything it builds must match its schema too.
          for (const e of run.events) validateEvent(e);
          const refolded = fold(start, run.events);
          expect(refolded).toEqual(run.result.state);
          expect(chainEvents(GENESIS_HASH, run.events).head).toBe(run.result.head);
        },
      ),
      { numRuns: 40, seed: 424242 },
    );
  });

  it('the hot path (one working state per tick, frozen when handed out) publishes exactly the states and head of the per-event evolve fold', async () => {
    const isDeepFrozen = (v: unknown): boolean =>
      v === null || typeof v !== 'object' || (Object.isFrozen(v) && Object.values(v).every(isDeepFrozen));
    await fc.assert(
      fc.asyncProperty(
        sessionArb,
        async (session) => {
          const { run, start } = await runSession(session);
          // The reference: immer's produce once per event, the head chained over the reference serializer.
          let reference: State = start;
          let head = GENESIS_HASH;
          const atSeq = new Map<number, State>();
          for (const e of run.events) {
            reference = evolve(reference, e);
            head = chainHash(head, stableStringify(e));
            atSeq.set(e.seq, reference);
          }
          // Every published state (after SessionStarted and after each tick) equals the reference at its seq, and is deeply frozen.
          for (const s of run.states.slice(1)) {
            expect(s).toEqual(atSeq.get(s.seq));
            expect(isDeepFrozen(s)).toBe(true);
          }
          expect(run.result.state).toEqual(reference);
          expect(run.result.head).toBe(head);
          // Nothing mutated an event after it was hashed: its stored bytes are still its bytes.
          for (const r of run.records) expect(stableStringify(r.event)).toBe(r.canonical);
        },
      ),
      { numRuns: 40, seed: 8 },
    );
  });

  it('fold (one working copy per batch) gives the per-event evolve state over any split into batches, deeply frozen, never writing into the state it starts from', async () => {
    const isDeepFrozen = (v: unknown): boolean =>
      v === null || typeof v !== 'object' || (Object.isFrozen(v) && Object.values(v).every(isDeepFrozen));
    await fc.assert(
      fc.asyncProperty(sessionArb, fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 200 }), async (session, cuts, at) => {
        const { run, start } = await runSession(session);
        let reference: State = start;
        const states: State[] = [start];
        for (const e of run.events) states.push((reference = evolve(reference, e)));
        // Start mid-session from a state as a snapshot file gives it: parsed JSON, not frozen.
        const from = Math.min(at, run.events.length);
        const loaded = JSON.parse(JSON.stringify(states[from])) as State;
        const untouched = JSON.stringify(loaded);
        let state = loaded;
        let i = from;
        for (let k = 0; i < run.events.length; k++) {
          const size = cuts[k % cuts.length]!;
          state = fold(state, run.events.slice(i, i + size));
          i += size;
          expect(state).toEqual(states[Math.min(i, run.events.length)]);
          expect(isDeepFrozen(state)).toBe(true);
        }
        expect(state).toEqual(reference);
        expect(JSON.stringify(loaded)).toBe(untouched);
      }),
      { numRuns: 40, seed: 77 },
    );
  });
});
