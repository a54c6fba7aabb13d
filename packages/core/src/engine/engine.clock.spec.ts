import { describe, expect, it } from 'vitest';
import { VirtualTimeScheduler, timer, map, filter, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { GENESIS_HASH, chainEvents, createEngine, initialState, resolveConfig, type Feed, type Observation } from '../index.js';
import { decideContext } from '../decide/context.js';
import { startSession } from '../decide/sessionBounds.js';
import { barAt } from '../test-support/scriptedFeed.js';
import { ofType } from '../test-support/collect.js';

/** One fresh 1-minute bar per poll, stamped at the poll's clock reading. */
const liveFeed = (delayMs: (tick: number) => number): Feed => ({
  name: 'live',
  poll(req) {
    const bar = { ...barAt(1, 100 + req.tick), time: req.time };
    const obs: Observation = { kind: 'bars', bars: [bar], attempts: 1, dropped: 0 };
    const d = delayMs(req.tick);
    return d === 0 ? obs : timer(d, req.scheduler).pipe(map(() => obs));
  },
});

async function runVirtual(feed: Feed, ticks: number) {
  const scheduler = new VirtualTimeScheduler();
  const engine = createEngine({ clock: { mode: 'real', stepMs: 60_000 }, data: { minBars: 1 } }, { feed, scheduler });
  const events: import('../index.js').TickfoldEvent[] = [];
  engine.events$.subscribe((r) => events.push(r.event));
  const done = engine.run({ ticks });
  // SessionStarted is committed before the clock starts; let that settle, then run virtual time.
  await Promise.resolve();
  scheduler.flush();
  const result = await done;
  return { result, events };
}

describe('the engine on a real-time clock, tested on virtual time', () => {
  it('polls once per interval and stamps each tick with the scheduler’s clock', async () => {
    const { result, events } = await runVirtual(liveFeed(() => 0), 4);
    expect(result.reason).toBe('completed');
    expect(ofType(events, 'TickStarted').map((e) => [e.tick, e.time])).toEqual([
      [1, '1970-01-01T00:00:00.000Z'],
      [2, '1970-01-01T00:01:00.000Z'],
      [3, '1970-01-01T00:02:00.000Z'],
      [4, '1970-01-01T00:03:00.000Z'],
    ]);
  });

  it('drops a beat that comes while a slow poll is still running, leaving no gap in tick numbers (marbles)', () => {
    // The clock beats every 10 ms:   b 9ms b 9ms b 9ms b
    // tick 2's poll answers after 15 ms, so the beat at 20 ms finds it still running and is
    // dropped (exhaustMap), not queued: tick 3 starts at the beat of 30 ms, not at 25 ms.
    const testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    testScheduler.run(({ cold, expectObservable }) => {
      const input = { clock: { mode: 'real', stepMs: 10 }, data: { minBars: 1 } };
      const answer = (time: string): Observation => ({ kind: 'bars', bars: [{ ...barAt(1, 100), time }], attempts: 1, dropped: 0 });
      const feed: Feed = {
        name: 'live',
        poll: (req): Observation | Observable<Observation> => (req.tick === 2 ? cold('15ms (a|)', { a: answer(req.time) }) : answer(req.time)),
      };
      // A session already started, so run() subscribes to the clock synchronously, inside run().
      const config = resolveConfig(input);
      const ctx = decideContext(config);
      const started = startSession(initialState(config, ctx.windowSize), ctx, new Date(0).toISOString());
      const engine = createEngine(input, { feed, scheduler: testScheduler, resume: { state: started.state, head: chainEvents(GENESIS_HASH, started.events).head } });
      const ticks = engine.events$.pipe(
        map((r) => r.event),
        filter((e) => e.type === 'TickStarted'),
        map((e) => `tick ${e.tick} of the beat at ${Date.parse(e.time)} ms`),
      );
      // Each tick is committed once its polls have answered: tick 2 at 25 ms, for the beat at 10 ms.
      expectObservable(ticks).toBe('a 24ms b 4ms c', {
        a: 'tick 1 of the beat at 0 ms',
        b: 'tick 2 of the beat at 10 ms',
        c: 'tick 3 of the beat at 30 ms',
      });
      void engine.run({ ticks: 3 });
    });
  });

  it('stops at once on stop(), without waiting for the next beat, and leaves the session resumable', async () => {
    const scheduler = new VirtualTimeScheduler();
    const engine = createEngine({ clock: { mode: 'real', stepMs: 60_000 }, data: { minBars: 1 } }, { feed: liveFeed(() => 0), scheduler });
    engine.events$.subscribe((r) => {
      if (r.event.type === 'Heartbeat' && r.event.tick === 2) engine.stop();
    });
    const done = engine.run({ ticks: 1_000 });
    await Promise.resolve();
    // Only as far as the beat of tick 2: nothing else is scheduled after the stop.
    scheduler.maxFrames = 60_000;
    scheduler.flush();
    const result = await done;
    expect(result).toMatchObject({ reason: 'stopped', ticks: 2 });
    expect(scheduler.actions).toHaveLength(0);
  });
});
