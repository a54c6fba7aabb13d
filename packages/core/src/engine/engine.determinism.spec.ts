import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { canonical, fold, evolve, initialState, resolveConfig, validateEvent, type FallbackReason } from '../index.js';
import { scriptedFeed, walk } from '../test-support/scriptedFeed.js';
import { runCollect, ofType } from '../test-support/collect.js';

const SYMBOLS = ['QQQ', 'SPY'];
const reasons: FallbackReason[] = ['network', 'timeout', 'http-status', 'malformed'];

/** A feed that fails at ticks drawn from `seed` (about one tick in eight), with random reasons. */
function failingFeed(seed: string) {
  const rng = seedrandom.alea(seed);
  const failures: Record<string, Map<number, FallbackReason>> = {};
  for (const s of SYMBOLS) {
    failures[s] = new Map();
    for (let t = 1; t <= 100; t++) if (rng() < 0.12) failures[s]!.set(t, reasons[Math.floor(rng() * reasons.length)]!);
  }
  return scriptedFeed({ closes: { QQQ: walk(`${seed}q`, -60, 100), SPY: walk(`${seed}s`, -60, 100) }, failures });
}

const config = { symbols: SYMBOLS, seed: 7, broker: { slippageNoiseBps: 3 }, risk: { maxConsecutiveFallbacks: null } };
/** The same 100-tick session, run twice from scratch. */
const twice = async (feedSeed: string) => [await runCollect(config, { feed: failingFeed(feedSeed) }, 100), await runCollect(config, { feed: failingFeed(feedSeed) }, 100)] as const;

describe('determinism', () => {
  it('records the same fallbacks on every run of a seeded, failing feed', async () => {
    const [a, b] = await twice('f1');
    const fallbacks = ofType(a.events, 'Fallback');
    expect(fallbacks.length).toBeGreaterThan(10);
    expect(ofType(b.events, 'Fallback')).toEqual(fallbacks);
  });

  it('computes the same signals on every run', async () => {
    const [a, b] = await twice('f2');
    const signals = ofType(a.events, 'SignalComputed');
    expect(signals.length).toBeGreaterThan(100);
    expect(ofType(b.events, 'SignalComputed')).toEqual(signals);
  });

  it('gives the same head hash, events and state when a 100-tick session runs twice', async () => {
    const [a, b] = await twice('f3');
    expect(a.result.ticks).toBe(100);
    expect(b.result.head).toBe(a.result.head);
    expect(b.records.map((r) => r.canonical)).toEqual(a.records.map((r) => r.canonical));
    expect(b.result.state).toEqual(a.result.state);
  });

  it('fills identically on every run, and differently under another seed when slippage is noisy', async () => {
    const fills = async (seed: number) => ofType((await runCollect({ ...config, seed }, { feed: failingFeed('f4') }, 100)).events, 'OrderFilled');
    const a = await fills(7);
    expect(a.length).toBeGreaterThan(5);
    expect(await fills(7)).toEqual(a);
    expect((await fills(8)).map((f) => f.data.slippageBps)).not.toEqual(a.map((f) => f.data.slippageBps));
  });

  it('folds the emitted events back to exactly the live state, batched or one by one', async () => {
    const run = await runCollect(config, { feed: failingFeed('f5') }, 100);
    const start = initialState(resolveConfig(config), run.result.state.windowSize);
    expect(fold(start, run.events)).toEqual(run.result.state);
    expect(run.events.reduce(evolve, start)).toEqual(run.result.state);
  });

  it('emits only events that are valid JSON and valid against their schema', async () => {
    const run = await runCollect(config, { feed: failingFeed('f6') }, 100);
    const types = new Set<string>();
    for (const r of run.records) {
      const parsed: unknown = JSON.parse(r.canonical);
      expect(parsed).toEqual(r.event);
      validateEvent(parsed);
      expect(canonical(parsed)).toBe(r.canonical);
      types.add(r.event.type);
    }
    expect([...types].sort()).toEqual(['BarReceived', 'Fallback', 'Heartbeat', 'OrderFilled', 'SessionEnded', 'SessionStarted', 'SignalComputed', 'TickStarted']);
    expect(run.events.map((e) => e.seq)).toEqual(run.events.map((_, i) => i + 1));
  });

  it('processes symbols in sorted order within each tick, whatever order the config lists them in', async () => {
    const run = await runCollect({ ...config, symbols: ['SPY', 'QQQ'] }, { feed: failingFeed('f7') }, 10);
    const inputs = run.events.filter((e) => e.type === 'BarReceived' || e.type === 'Fallback') as { tick: number; symbol: string }[];
    for (let t = 1; t <= 10; t++) expect(inputs.filter((e) => e.tick === t).map((e) => e.symbol)).toEqual(['QQQ', 'SPY']);
  });
});
