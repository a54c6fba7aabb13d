import { describe, expect, it } from 'vitest';
import { EMPTY, throwError } from 'rxjs';
import { createEngine, type EngineSink, type EventRecord, type Feed } from '../index.js';
import { scriptedFeed, walk } from '../test-support/scriptedFeed.js';
import { runCollect, ofType } from '../test-support/collect.js';
import { errorOf } from '../test-support/errors.js';

const closes = { AAA: walk('l1', -60, 120), BBB: walk('l2', -60, 120) };
const config = { symbols: ['AAA', 'BBB'], broker: { slippageNoiseBps: 2 } };
const feed = () => scriptedFeed({ closes });

describe('engine lifecycle', () => {
  it('stopped after any tick and resumed from its state, reaches the uninterrupted head hash and state', async () => {
    const whole = await runCollect(config, { feed: feed() }, 100);
    for (const stopAt of [1, 37, 99]) {
      const first = createEngine(config, { feed: feed() });
      const records: EventRecord[] = [];
      first.events$.subscribe((r) => {
        records.push(r);
        if (r.event.type === 'Heartbeat' && r.event.tick === stopAt) first.stop();
      });
      const part = await first.run({ ticks: 100 });
      expect(part).toMatchObject({ reason: 'stopped', ticks: stopAt });
      const second = createEngine(config, { feed: feed(), resume: { state: part.state, head: part.head } });
      second.events$.subscribe((r) => records.push(r));
      const rest = await second.run({ ticks: 100 });
      expect(rest.head).toBe(whole.result.head);
      expect(rest.state).toEqual(whole.result.state);
      expect(records.map((r) => r.canonical)).toEqual(whole.records.map((r) => r.canonical));
    }
  });

  it('honours a stop() that comes before run(): the session starts and stops at once, resumable', async () => {
    const engine = createEngine(config, { feed: feed() });
    engine.stop();
    const result = await engine.run({ ticks: 10 });
    expect(result).toMatchObject({ reason: 'stopped', ticks: 0 });
    expect(result.state.status).toBe('running');
  });

  it('refuses to resume with a config other than the one that made the state', async () => {
    const part = await runCollect(config, { feed: feed() }, 5);
    const other = { ...config, seed: 43 };
    const stateOf = { state: { ...part.result.state, status: 'running' as const }, head: part.result.head };
    const e = errorOf(() => createEngine(other, { feed: feed(), resume: stateOf }));
    expect(e.code).toBe('E_RESUME_MISMATCH');
    expect(e.message).toContain('made with config');
    expect(errorOf(() => createEngine(config, { feed: feed(), resume: { state: part.result.state, head: part.result.head } })).message).toContain("status is 'ended'");
  });

  it('does not move its state past what a failing sink stored, so a retry loses no tick', async () => {
    const stored: EventRecord[] = [];
    let failOnce = true;
    const sink: EngineSink = {
      write(records) {
        if (records[0]!.event.tick === 3 && failOnce) {
          failOnce = false;
          return Promise.reject(new Error('disk full'));
        }
        stored.push(...records);
        return Promise.resolve();
      },
    };
    const engine = createEngine(config, { feed: feed(), sinks: [sink] });
    await expect(engine.run({ ticks: 10 })).rejects.toThrow('disk full');
    expect(stored.at(-1)!.event).toMatchObject({ type: 'Heartbeat', tick: 2 });
    expect(engine.head).toBe(stored.at(-1)!.hash);
    const result = await engine.run({ ticks: 10 });
    expect(result.ticks).toBe(10);
    expect(stored.map((r) => r.event.seq)).toEqual(stored.map((_, i) => i + 1));
    const whole = await runCollect(config, { feed: feed() }, 10);
    expect(result.head).toBe(whole.result.head);
  });

  it('records a feed that errors, rejects or completes empty as a source-error Fallback', async () => {
    const behaviours: Record<number, () => ReturnType<Feed['poll']>> = {
      2: () => throwError(() => new Error('socket hang up')),
      3: () => Promise.reject(new Error('refused')),
      4: () => EMPTY,
      5: () => {
        throw new Error('bug in feed');
      },
    };
    const base = scriptedFeed({ closes });
    const flaky: Feed = { name: 'flaky', poll: (req) => (req.symbol === 'AAA' && behaviours[req.tick] ? behaviours[req.tick]!() : base.poll(req)) };
    const run = await runCollect(config, { feed: flaky }, 6);
    expect(run.result).toMatchObject({ reason: 'completed', ticks: 6 });
    expect(ofType(run.events, 'Fallback').map((f) => [f.tick, f.data.reason, f.data.message])).toEqual([
      [2, 'source-error', "feed 'flaky' failed: socket hang up"],
      [3, 'source-error', "feed 'flaky' failed: refused"],
      [4, 'source-error', "feed 'flaky' failed: the poll completed without an observation"],
      [5, 'source-error', "feed 'flaky' failed: bug in feed"],
    ]);
  });
});
