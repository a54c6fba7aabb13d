import { describe, expect, it } from 'vitest';
import { asyncScheduler, firstValueFrom, isObservable, type Observable } from 'rxjs';
import { createEngine, resolveConfig, type Observation, type PollRequest } from '@tickfold/core';
import { syntheticFeed } from './feed.js';
import { SteppingScheduler } from '../test-support/steppingScheduler.js';
import { createFeed } from '../createFeed.js';

const START = '2024-01-02T00:00:00.000Z';
const DAY_MS = 86_400_000;
const req = (tick: number, lastBarTime: string | null, symbol = 'SPY'): PollRequest => {
  const timeMs = Date.parse(START) + (tick - 1) * DAY_MS;
  return { symbol, tick, time: new Date(timeMs).toISOString(), timeMs, lastBarTime, scheduler: asyncScheduler };
};
const sync = (o: ReturnType<ReturnType<typeof syntheticFeed>['poll']>): Observation => {
  if (isObservable(o) || 'then' in o) throw new Error('expected a synchronous observation');
  return o as Observation;
};

describe('synthetic feed', () => {
  it('returns historyBars bars of history plus the tick bar on the first poll', () => {
    const feed = syntheticFeed({ seed: 1, start: START, stepMs: DAY_MS, historyBars: 50 });
    const obs = sync(feed.poll(req(1, null)));
    expect(obs.kind).toBe('bars');
    if (obs.kind !== 'bars') return;
    expect(obs.bars).toHaveLength(51);
    expect(obs.bars.at(-1)!.time).toBe(START);
    expect(obs.bars[0]!.time).toBe(new Date(Date.parse(START) - 50 * DAY_MS).toISOString());
  });

  it('on the real clock, returns the bar of the poll time plus historyBars before it', () => {
    // The path is walked from bar 0, so the cost grows with the distance from start: keep it short.
    const feed = syntheticFeed({ seed: 1, start: '2025-06-01T00:00:00.000Z', stepMs: 60_000, historyBars: 3 });
    const timeMs = Date.parse('2025-06-01T12:00:30.000Z');
    const obs = sync(feed.poll({ ...req(1, null), timeMs, time: new Date(timeMs).toISOString() }));
    expect(obs.kind === 'bars' && obs.bars.map((b) => b.time)).toEqual(['11:57', '11:58', '11:59', '12:00'].map((t) => `2025-06-01T${t}:00.000Z`));
  });

  it('returns only bars newer than the last one the engine holds', () => {
    const feed = syntheticFeed({ seed: 1, start: START, stepMs: DAY_MS, historyBars: 50 });
    const obs = sync(feed.poll(req(5, req(2, null).time)));
    expect(obs.kind === 'bars' && obs.bars.map((b) => b.time)).toEqual([req(3, null).time, req(4, null).time, req(5, null).time]);
  });

  it('runs a 100-tick engine session twice to the same head hash', async () => {
    const config = resolveConfig({ seed: 9, symbols: ['SPY', 'QQQ'] });
    const run = () => createEngine(config, { feed: createFeed(config) }).run({ ticks: 100 });
    const [a, b] = [await run(), await run()];
    expect(a.reason).toBe('completed');
    expect(a.ticks).toBe(100);
    expect(b.head).toBe(a.head);
    const other = await createEngine({ ...config, seed: 10 }, { feed: createFeed({ ...config, seed: 10 }) }).run({ ticks: 100 });
    expect(other.head).not.toBe(a.head);
  });

  it('trades from tick 1 because history arrives on the first poll', async () => {
    const config = resolveConfig({ seed: 4 });
    const engine = createEngine(config, { feed: createFeed(config) });
    const types: string[] = [];
    engine.events$.subscribe((r) => types.push(r.event.type));
    await engine.run({ ticks: 3 });
    expect(types).toContain('SignalComputed');
    expect(types).not.toContain('Fallback');
  });
});

describe('synthetic faults', () => {
  const chaos = { failureRate: 0.1, staleRate: 0.05, staleBurstTicks: 3, garbageRate: 0.1, slowRate: 0.05, slowMs: 3000, timeoutMs: 2000 };

  it('turns each kind of injected fault into the Fallback a real source would give', async () => {
    const config = resolveConfig({ seed: 5, symbols: ['AAA', 'BBB', 'CCC'], feed: { kind: 'synthetic', options: { faults: chaos } }, risk: { maxConsecutiveFallbacks: null } });
    const engine = createEngine(config, { feed: createFeed(config), scheduler: new SteppingScheduler() });
    const reasons = new Set<string>();
    engine.events$.subscribe((r) => { if (r.event.type === 'Fallback' || r.event.type === 'BarNotDue') reasons.add(`${r.event.type} ${r.event.data.reason}`); });
    const result = await engine.run({ ticks: 150 });
    expect(result.ticks).toBe(150);
    // A 3-day stale burst of daily bars stays within the 5-day limit: no bar was overdue, so no failure.
    expect([...reasons].sort()).toEqual(['BarNotDue not-due', 'Fallback injected', 'Fallback malformed', 'Fallback timeout']);
  });

  it('reports injected stale data as stale when it is older than the limit', () => {
    const feed = syntheticFeed({ seed: 1, start: START, stepMs: 60_000, historyBars: 10, faults: { staleRate: 1, staleBurstTicks: 200 } });
    const at = (tick: number): PollRequest => ({ ...req(1, null), tick, timeMs: Date.parse(START) + (tick - 1) * 60_000, time: new Date(Date.parse(START) + (tick - 1) * 60_000).toISOString() });
    const late = sync(feed.poll(at(100)));
    expect(late).toMatchObject({ kind: 'fallback', reason: 'stale' });
    expect(late.kind === 'fallback' && late.message).toMatch(/injected stale burst since tick 1: latest bar .* s old/);
  });

  it('on the real clock, far past start, a stale burst serves bars up to the burst start, not from near bar 0', () => {
    // Poll time gives bar index 1005 at tick 5: the burst since tick 3 holds the bars back to index 1002.
    const feed = syntheticFeed({ seed: 1, start: START, stepMs: 60_000, historyBars: 10, faults: { staleRate: 1, staleBurstTicks: 3 } });
    const timeMs = Date.parse(START) + 1004 * 60_000;
    const obs = sync(feed.poll({ symbol: 'SPY', tick: 5, time: new Date(timeMs).toISOString(), timeMs, lastBarTime: feed.bar('SPY', 995).time, scheduler: asyncScheduler }));
    expect(obs.kind === 'bars' && obs.bars.map((b) => b.time)).toEqual(Array.from({ length: 7 }, (_, i) => feed.bar('SPY', 996 + i).time));
  });

  it('delays a slow response on the scheduler and times out past timeoutMs', async () => {
    const feed = syntheticFeed({ seed: 1, start: START, stepMs: DAY_MS, historyBars: 0, faults: { slowRate: 1, slowMs: 10, timeoutMs: 5 } });
    const out = feed.poll(req(1, null));
    expect(isObservable(out)).toBe(true);
    expect(await firstValueFrom(out as Observable<Observation>)).toMatchObject({ kind: 'fallback', reason: 'timeout' });
  });

  it('gives the same faults for the same seed', () => {
    const make = () => syntheticFeed({ seed: 77, start: START, stepMs: DAY_MS, historyBars: 5, faults: { failureRate: 0.3, garbageRate: 0.3 } });
    const a = make(), b = make();
    const trace = (f: typeof a) => Array.from({ length: 60 }, (_, i) => JSON.stringify(f.poll(req(i + 1, i === 0 ? null : req(i, null).time))));
    expect(trace(b)).toEqual(trace(a));
  });
});
