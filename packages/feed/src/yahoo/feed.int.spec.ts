import { afterEach, describe, expect, it } from 'vitest';
import { firstValueFrom, type Observable } from 'rxjs';
import type { Observation } from '@tickfold/core';
import { backoffDelays } from './backoff.js';
import { yahooFeed, type YahooFeedOptions } from './feed.js';
import { fixture, ok, startChartServer, status, type ChartServer, type Reply } from '../test-support/chartServer.js';
import { SteppingScheduler } from '../test-support/steppingScheduler.js';
import { pollOnce } from '../test-support/pollOnce.js';

const AAPL = fixture('aapl_1m_2024-10-02.json');
const NOW = '2024-10-02T20:00:00.000Z';
const RULES = { attempts: 3, backoffMs: 1000, maxBackoffMs: 30_000, jitter: 0.5 };

let server: ChartServer | undefined;
afterEach(async () => { await server?.close(); server = undefined; });

const setup = async (replies: readonly Reply[], extra: Partial<YahooFeedOptions> = {}) => {
  server = await startChartServer({ AAPL: replies });
  const scheduler = new SteppingScheduler(Date.parse(NOW));
  const feed = yahooFeed({ seed: 42, minBars: 50, maxDataAgeMs: null, baseUrl: server.baseUrl, timeoutMs: 5_000, ...RULES, ...extra });
  return { feed, scheduler, poll: (extraReq = {}) => pollOnce(feed, 'AAPL', NOW, scheduler, extraReq) };
};

describe('yahoo feed against a local chart server', () => {
  it('serves the recorded response as sanitized bars in one attempt', async () => {
    const { poll } = await setup([ok(AAPL)]);
    const obs = await poll();
    expect(obs).toMatchObject({ kind: 'bars', attempts: 1, dropped: 2 });
    expect(obs.kind === 'bars' && obs.bars.length).toBe(389);
    expect(server!.requests).toEqual(['/v8/finance/chart/AAPL?interval=1m&range=5d&includePrePost=false']);
  });

  it('returns only bars newer than the last one the engine holds', async () => {
    const { poll } = await setup([ok(AAPL)]);
    const obs = await poll({ lastBarTime: '2024-10-02T19:57:00.000Z' });
    expect(obs.kind === 'bars' && obs.bars.map((b) => b.time)).toEqual(['2024-10-02T19:58:00.000Z', '2024-10-02T19:59:00.000Z']);
    const none = await poll({ lastBarTime: '2024-10-02T19:59:00.000Z' });
    expect(none).toMatchObject({ kind: 'fallback', reason: 'no-new-bar', attempts: 1 });
  });

  it('counts as dropped only the bad rows after the last bar the engine holds, not the old ones again', async () => {
    // The all-null 15:15 minute was counted when it arrived; a later poll only adds the row stamped after the range.
    const { poll } = await setup([ok(AAPL)]);
    expect(await poll({ lastBarTime: '2024-10-02T15:00:00.000Z' })).toMatchObject({ kind: 'bars', dropped: 2 });
    expect(await poll({ lastBarTime: '2024-10-02T19:57:00.000Z' })).toMatchObject({ kind: 'bars', dropped: 1 });
  });

  it('recovers after a timeout and a 429, waiting the seeded backoff on the scheduler', async () => {
    const { poll, scheduler } = await setup([{ kind: 'hang' }, status(429, 'Too Many Requests', 'text/plain'), ok(AAPL)], { timeoutMs: 600 });
    const obs = await poll();
    expect(obs).toMatchObject({ kind: 'bars', attempts: 3 });
    expect(scheduler.waits).toEqual(backoffDelays(42, 'AAPL', 1, RULES));
    expect(scheduler.now()).toBe(Date.parse(NOW) + backoffDelays(42, 'AAPL', 1, RULES).reduce((a, b) => a + b));
  });

  it("waits at least the server's Retry-After, capped by maxBackoffMs", async () => {
    const slowDown = (seconds: string): Reply => ({ kind: 'body', status: 429, body: 'slow down', contentType: 'text/plain', headers: { 'retry-after': seconds } });
    const { poll, scheduler } = await setup([slowDown('5'), slowDown('120'), ok(AAPL)], { maxBackoffMs: 60_000 });
    expect(await poll()).toMatchObject({ kind: 'bars', attempts: 3 });
    expect(scheduler.waits).toEqual([5_000, 60_000]);
  });

  it('falls back after three 5xx with every attempt and wait in the message', async () => {
    const { poll } = await setup([status(503), status(502), status(500)]);
    const [w1, w2] = backoffDelays(42, 'AAPL', 1, RULES);
    expect(await poll()).toEqual({
      kind: 'fallback', reason: 'http-status', attempts: 3,
      message: `HTTP 500 with a non-JSON body starting "<html><body>500</body></html>" [#1 http-status: HTTP 503 with a non-JSON body starting "<html><body>503</body></html>", waited ${w1} ms; #2 http-status: HTTP 502 with a non-JSON body starting "<html><body>502</body></html>", waited ${w2} ms; #3 http-status: HTTP 500 with a non-JSON body starting "<html><body>500</body></html>"]; no cached bars`,
    });
  });

  it('gives the same fallback to every subscriber of one poll, each with only its own attempts', async () => {
    const { feed, scheduler } = await setup([status(503)], { attempts: 2 });
    const poll$ = feed.poll({ symbol: 'AAPL', tick: 1, time: NOW, timeMs: Date.parse(NOW), lastBarTime: null, scheduler });
    const first = await firstValueFrom(poll$ as Observable<Observation>);
    const again = await firstValueFrom(poll$ as Observable<Observation>);
    expect(first).toMatchObject({ kind: 'fallback', attempts: 2 });
    expect(again).toEqual(first);
  });

  it('falls back to the cached bars of the last good poll', async () => {
    const { poll } = await setup([ok(AAPL), status(503)]);
    await poll();
    const obs = await poll();
    expect(obs).toMatchObject({ kind: 'fallback', reason: 'http-status', attempts: 3 });
    expect(obs.kind === 'fallback' && obs.message).toMatch(/; using the 389 cached bars up to 2024-10-02T19:59:00\.000Z$/);
  });

  it('rejects a 200 with HTML as malformed after retrying', async () => {
    const { poll } = await setup([status(200, '<!DOCTYPE html><p>consent</p>')]);
    expect(await poll()).toMatchObject({ kind: 'fallback', reason: 'malformed', attempts: 3, message: expect.stringMatching(/^HTTP 200 body is not JSON/) });
  });

  it('rejects truncated JSON as malformed, and a connection cut mid-body as a network failure', async () => {
    const { poll } = await setup([{ kind: 'body', body: AAPL.slice(0, 5000), chunked: true }], { attempts: 1 });
    expect(await poll()).toMatchObject({ kind: 'fallback', reason: 'malformed', attempts: 1 });
    await server!.close();
    const cut = await setup([{ kind: 'cut', body: AAPL, atBytes: 5000 }], { attempts: 1 });
    expect(await cut.poll()).toMatchObject({ kind: 'fallback', reason: 'network', message: expect.stringMatching(/^connection lost while reading the body/) });
  });

  it('cuts off a body over maxBytes, declared or streamed', async () => {
    const { poll } = await setup([ok(AAPL)], { maxBytes: 10_000, attempts: 1 });
    expect(await poll()).toMatchObject({ reason: 'too-large', message: `HTTP 200 body of ${Buffer.byteLength(AAPL)} bytes (Content-Length) is over maxBytes 10000; no cached bars` });
    await server!.close();
    const streamed = await setup([{ kind: 'body', body: AAPL, chunked: true }], { maxBytes: 10_000, attempts: 1 });
    expect(await streamed.poll()).toMatchObject({ reason: 'too-large', message: 'HTTP 200 body passed maxBytes 10000 and was cut off; no cached bars' });
  });

  it('times out a slow drip that does not finish within timeoutMs', async () => {
    const { poll } = await setup([{ kind: 'drip', body: AAPL, chunkBytes: 500, everyMs: 40 }], { attempts: 1, timeoutMs: 500 });
    expect(await poll()).toEqual({ kind: 'fallback', reason: 'timeout', attempts: 1, message: 'no complete response within 500 ms (timeoutMs); the body was still arriving; no cached bars' });
  });

  it('rejects a stale candle without retrying', async () => {
    const { feed, scheduler } = await setup([ok(AAPL)]);
    const obs = await pollOnce(feed, 'AAPL', '2024-10-02T21:30:00.000Z', scheduler);
    expect(obs).toMatchObject({ kind: 'fallback', reason: 'stale', attempts: 1 });
    expect(obs.kind === 'fallback' && obs.message).toMatch(/^latest bar 2024-10-02T19:59:00\.000Z is 5460 s old at 2024-10-02T21:30:00\.000Z; the limit is 3600 s/);
    expect(server!.requests).toHaveLength(1);
  });

  it('rejects too few bars, naming the count and what was dropped', async () => {
    server = await startChartServer({ 'WSU.DE': [ok(fixture('wsu-de_1d_2023-08-04_2023-08-09_null-row.json'))] });
    const feed = yahooFeed({ seed: 1, minBars: 50, maxDataAgeMs: null, baseUrl: server.baseUrl, interval: '1d' });
    expect(await pollOnce(feed, 'WSU.DE', '2023-08-10T07:00:00.000Z', new SteppingScheduler())).toMatchObject({
      kind: 'fallback', reason: 'too-few-bars', attempts: 1,
      message: '2 valid bars, at least 50 needed (minBars) (3 rows, dropped: 1 nonFinite); no cached bars',
    });
  });

  it("reports Yahoo's delisted error as the message and does not retry a 404", async () => {
    server = await startChartServer({ SI: [{ kind: 'body', status: 404, body: fixture('si_1d_2020-01-01_error-404-delisted.json') }] });
    const feed = yahooFeed({ seed: 1, minBars: 50, maxDataAgeMs: null, baseUrl: server.baseUrl });
    expect(await pollOnce(feed, 'SI', NOW, new SteppingScheduler())).toEqual({
      kind: 'fallback', reason: 'source-error', attempts: 1,
      message: 'Yahoo says for SI: Not Found: No data found, symbol may be delisted (HTTP 404); no cached bars',
    });
  });

  it('close() cancels a request in flight without retrying it', async () => {
    const { feed, scheduler } = await setup([{ kind: 'hang' }]);
    const pending = pollOnce(feed, 'AAPL', NOW, scheduler);
    await new Promise((r) => setTimeout(r, 50));
    feed.close();
    expect(await pending).toEqual({ kind: 'fallback', reason: 'network', attempts: 1, message: 'request cancelled; no cached bars' });
  });

  it('reports a refused connection as a network failure', async () => {
    const { feed, scheduler } = await setup([ok(AAPL)], { attempts: 2 });
    await server!.close();
    expect(await pollOnce(feed, 'AAPL', NOW, scheduler)).toMatchObject({ kind: 'fallback', reason: 'network', attempts: 2, message: expect.stringMatching(/^connection refused \(ECONNREFUSED\)/) });
  });

  it('gives the same attempts, waits and fallbacks for the same seed, other waits for another', async () => {
    const script: Reply[] = [status(503), { kind: 'hang' }, ok(AAPL), status(429, 'slow down', 'text/plain'), status(502), status(500)];
    const trace = async (seed: number) => {
      const { feed, scheduler } = await setup(script, { seed, timeoutMs: 600 });
      const out = [await pollOnce(feed, 'AAPL', NOW, scheduler), await pollOnce(feed, 'AAPL', NOW, scheduler, { tick: 2 })];
      await server!.close();
      return { out, waits: scheduler.waits };
    };
    const a = await trace(7), b = await trace(7), c = await trace(8);
    expect(b).toEqual(a);
    expect(a.out.map((o) => [o.kind, o.attempts])).toEqual([['bars', 3], ['fallback', 3]]);
    expect(c.waits).not.toEqual(a.waits);
    expect(c.out.map((o) => [o.kind, o.attempts])).toEqual([['bars', 3], ['fallback', 3]]);
  });
});
