import { describe, expect, it } from 'vitest';
import { createEngine, type Bar, type Feed, type Observation } from '../index.js';
import { scriptedFeed, walk, timeAt } from '../test-support/scriptedFeed.js';
import { runCollect, ofType } from '../test-support/collect.js';

const closes = { SPY: walk('ff', -60, 40) };

describe('feed failure and stale data', () => {
  it('falls back to the last good bars when the feed fails, and trades again when it recovers', async () => {
    const failures = { SPY: new Map([[20, 'network' as const], [21, 'timeout' as const]]) };
    const run = await runCollect({}, { feed: scriptedFeed({ closes, failures }) }, 30);
    const at = (tick: number) => run.states.find((s) => s.tick === tick)!;
    const fallbacks = ofType(run.events, 'Fallback');
    expect(fallbacks.map((f) => [f.tick, f.data.reason, f.data.lastBarTime])).toEqual([
      [20, 'network', timeAt(19)],
      [21, 'timeout', timeAt(19)],
    ]);
    // The window and the marks of tick 19 carry through the failed ticks untouched.
    expect(at(20).symbols['SPY']!.bars).toEqual(at(19).symbols['SPY']!.bars);
    const { cash, position, equity, markPrice } = at(19).symbols['SPY']!.portfolio;
    expect(at(21).symbols['SPY']!.portfolio).toMatchObject({ cash, position, equity, markPrice });
    expect(at(21).symbols['SPY']!.feed).toMatchObject({ consecutiveFallbacks: 2, fallbacks: 2, lastFallbackReason: 'timeout' });
    // Nothing is decided on fallback bars; the next good bar resets the count and trades.
    const derivedAt = (t: number) => run.events.filter((e) => e.tick === t && ['SignalComputed', 'OrderFilled', 'OrderSubmitted'].includes(e.type));
    expect(derivedAt(20)).toEqual([]);
    expect(derivedAt(21)).toEqual([]);
    expect(ofType(run.events, 'SignalComputed').some((s) => s.tick === 22)).toBe(true);
    expect(at(22).symbols['SPY']!.feed.consecutiveFallbacks).toBe(0);
  });

  it('rejects a candle older than the staleness limit and never trades on it', async () => {
    const good = scriptedFeed({ closes });
    // At tick 25 the source serves a never-seen bar stamped 2 hours before the tick: too old for a 1 h limit.
    const feed: Feed = {
      name: 'lagging',
      poll(req): Observation {
        if (req.tick !== 25) return good.poll(req) as Observation;
        const time = new Date(req.timeMs - 2 * 3_600_000).toISOString();
        const bar: Bar = { time, open: 100, high: 101, low: 99, close: 100, volume: 5 };
        return { kind: 'bars', bars: [bar], attempts: 1, dropped: 0 };
      },
    };
    const run = await runCollect({ data: { maxDataAgeMs: 3_600_000 } }, { feed }, 30);
    const stale = ofType(run.events, 'Fallback');
    expect(stale).toHaveLength(1);
    expect(stale[0]).toMatchObject({ tick: 25, data: { reason: 'stale', lastBarTime: timeAt(24) } });
    expect(stale[0]!.data.message).toContain('7200 s old; the limit is 3600 s');
    expect(run.events.filter((e) => e.tick === 25 && e.type !== 'TickStarted' && e.type !== 'Fallback' && e.type !== 'Heartbeat')).toEqual([]);
  });

  it('uses the daily staleness limit for daily bars, so a weekend gap is not stale', async () => {
    // Daily bars with the clock 3 days past the last bar: under the 5-day daily limit.
    const feed: Feed = {
      name: 'weekend',
      poll: (req) => (req.tick === 1 ? scriptedFeed({ closes: { SPY: walk('w', -60, 0) } }).poll({ ...req, tick: 0 }) : { kind: 'fallback', reason: 'network', message: 'x', attempts: 1 }),
      timeOf: (tick) => (tick === 1 ? Date.parse(timeAt(0)) + 3 * 86_400_000 : undefined),
    };
    const run = await runCollect({}, { feed }, 5);
    expect(ofType(run.events, 'BarReceived')).toHaveLength(1);
    expect(run.result.reason).toBe('data-exhausted');
  });

  it('drops unusable, duplicate and future bars and counts them', async () => {
    const feed: Feed = {
      name: 'dirty',
      poll(req): Observation {
        const base = scriptedFeed({ closes }).poll(req) as Extract<Observation, { kind: 'bars' }>;
        const last = base.bars[base.bars.length - 1]!;
        const bad: Bar[] = [
          { ...last, high: last.low / 2 },
          { ...last, time: '2024-01-39T00:00:00.000Z' },
          null as unknown as Bar,
          { ...last, time: new Date(req.timeMs + 86_400_000).toISOString() },
          last,
        ];
        return { ...base, bars: [...bad, ...base.bars].reverse(), dropped: 2 };
      },
    };
    const run = await runCollect({}, { feed }, 3);
    const received = ofType(run.events, 'BarReceived');
    expect(received.map((r) => r.data.dropped)).toEqual([7, 7, 7]);
    expect(received[1]!.data.bars.map((b) => b.time)).toEqual([timeAt(2)]);
  });

  it('refuses what a feed says that its input event cannot hold, naming the field, before anything of the tick is published', async () => {
    const good = scriptedFeed({ closes });
    const broken = (tick: number, obs: (req: { timeMs: number }) => Observation): Feed => ({
      name: 'broken',
      poll: (req) => (req.tick === tick ? obs(req) : (good.poll(req) as Observation)),
    });
    const bar = (timeMs: number): Bar => ({ time: new Date(timeMs).toISOString(), open: 100, high: 101, low: 99, close: 100, volume: 5 });
    const cases: [Feed, string][] = [
      [broken(7, (req) => ({ kind: 'bars', bars: [bar(req.timeMs)], attempts: 0, dropped: 0 })), '/data/attempts'],
      [broken(7, (req) => ({ kind: 'bars', bars: [bar(req.timeMs)], attempts: 1, dropped: -2 })), '/data/dropped'],
      [broken(7, () => ({ kind: 'fallback', reason: 'gremlins' as never, message: 'x', attempts: 1 })), '/data/reason'],
    ];
    for (const [feed, field] of cases) {
      const written: number[] = [];
      const engine = createEngine({}, { feed, sinks: [{ write: (records) => void written.push(...records.map((r) => r.event.tick)) }] });
      await expect(engine.run({ ticks: 10 })).rejects.toMatchObject({ code: 'E_EVENT_INVALID', details: { field } });
      expect(Math.max(...written)).toBe(6);
    }
  });
});
