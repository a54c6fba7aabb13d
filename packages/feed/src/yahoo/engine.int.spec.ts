import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, resolveConfig } from '@tickfold/core';
import { createFeed } from '../createFeed.js';
import { backoffDelays } from './backoff.js';
import { fixture, ok, startChartServer, status, type ChartServer, type Reply } from '../test-support/chartServer.js';
import { SteppingScheduler } from '../test-support/steppingScheduler.js';

const AAPL = fixture('aapl_1m_2024-10-02.json');
let server: ChartServer | undefined;
afterEach(async () => { await server?.close(); server = undefined; });

/** Per symbol and tick: tick 1 good, tick 2 three 5xx, tick 3 a 504 then good (nothing new), then good again until the data goes stale (10 min limit: tick 11). */
const script: Record<string, Reply[]> = {
  AAPL: [ok(AAPL), status(503), status(502), status(500), status(504, 'gateway timeout', 'text/plain'), ok(AAPL)],
  QQQ: [ok(AAPL), status(429, 'slow down', 'text/plain'), ok(AAPL), status(200, '<!DOCTYPE html><p>consent</p>'), ok(AAPL)],
};

/** Same port every time: the base URL is part of the recorded config, so of the head hash. */
let port = 0;
async function session(seed: number) {
  server = await startChartServer(script, port);
  port = Number(new URL(server.baseUrl).port);
  const config = resolveConfig({
    seed,
    symbols: ['AAPL', 'QQQ'],
    clock: { mode: 'virtual', start: '2024-10-02T20:00:00.000Z', stepMs: 60_000 },
    risk: { maxConsecutiveFallbacks: null },
    data: { maxDataAgeMs: 600_000 },
    // No timeouts here: whether a real socket beats a timer is not reproducible, and this test is about reproducing.
    feed: { kind: 'yahoo', options: { baseUrl: server.baseUrl, timeoutMs: 10_000 } },
  });
  const scheduler = new SteppingScheduler();
  const engine = createEngine(config, { feed: createFeed(config), scheduler });
  const inputs: unknown[] = [];
  engine.events$.subscribe(({ event }) => {
    if (event.type === 'Fallback' || event.type === 'BarNotDue') inputs.push([event.tick, event.symbol, event.data.reason, event.data.attempts, event.data.message]);
    if (event.type === 'BarReceived') inputs.push([event.tick, event.symbol, 'bars', event.data.attempts, event.data.bars.length]);
  });
  const result = await engine.run({ ticks: 12 });
  await server.close();
  server = undefined;
  // Symbols poll concurrently, so waits arrive in either order: compare them as a multiset.
  return { inputs, waits: [...scheduler.waits].sort((x, y) => x - y), head: result.head };
}

describe('engine polling a scripted failing chart server', () => {
  it('records the same fallbacks, attempts and backoff waits for the same seed', async () => {
    const a = await session(5);
    const b = await session(5);
    expect(b).toEqual(a);
    const byTick = (t: number) => (a.inputs as unknown[][]).filter((x) => x[0] === t).map((x) => x.slice(1, 4));
    expect(byTick(1)).toEqual([['AAPL', 'bars', 1], ['QQQ', 'bars', 1]]);
    // Nothing new within the 10-minute limit is no failure: no bar was due yet.
    expect(byTick(2)).toEqual([['AAPL', 'http-status', 3], ['QQQ', 'not-due', 2]]);
    expect(byTick(3)).toEqual([['AAPL', 'not-due', 2], ['QQQ', 'not-due', 2]]);
    expect(byTick(10)).toEqual([['AAPL', 'not-due', 1], ['QQQ', 'not-due', 1]]);
    expect(byTick(11)).toEqual([['AAPL', 'stale', 1], ['QQQ', 'stale', 1]]);
    const [w1, w2] = backoffDelays(5, 'AAPL', 2, { attempts: 3, backoffMs: 1000, maxBackoffMs: 30_000, jitter: 0.5 });
    expect((a.inputs as unknown[][]).find((x) => x[0] === 2 && x[1] === 'AAPL')![4]).toContain(`waited ${w1} ms; #2 http-status: HTTP 502`);
    expect(a.waits).toEqual(expect.arrayContaining([w1, w2]));
  });

  it('draws other waits for another seed', async () => {
    expect((await session(6)).waits).not.toEqual((await session(5)).waits);
  });
});
