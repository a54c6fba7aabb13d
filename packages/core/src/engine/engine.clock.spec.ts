import { describe, expect, it } from 'vitest';
import { VirtualTimeScheduler, timer, map } from 'rxjs';
import { createEngine, type Feed, type Observation } from '../index.js';
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

  it('drops a beat that comes while a slow poll is still running, leaving no gap in tick numbers', async () => {
    // Tick 2's poll takes 90 s: the beat at 120 s is dropped, tick 3 starts at 180 s.
    const { events } = await runVirtual(liveFeed((tick) => (tick === 2 ? 90_000 : 0)), 3);
    expect(ofType(events, 'TickStarted').map((e) => [e.tick, e.time])).toEqual([
      [1, '1970-01-01T00:00:00.000Z'],
      [2, '1970-01-01T00:01:00.000Z'],
      [3, '1970-01-01T00:03:00.000Z'],
    ]);
    expect(ofType(events, 'BarReceived').map((e) => e.tick)).toEqual([1, 2, 3]);
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
