import { mkdtempSync, readFileSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '@tickfold/core';
import { createFeed } from '../createFeed.js';
import { fixture, ok, startChartServer, status, type ChartServer } from '../test-support/chartServer.js';
import { SteppingScheduler } from '../test-support/steppingScheduler.js';
import { pollOnce } from '../test-support/pollOnce.js';

const NOW = '2024-10-02T20:00:00.000Z';
let server: ChartServer | undefined;
afterEach(async () => { await server?.close(); server = undefined; });

const feedFor = (baseUrl: string, cacheDir: string) =>
  createFeed(resolveConfig({ symbols: ['AAPL'], clock: { mode: 'real', stepMs: 60_000 }, feed: { kind: 'yahoo', options: { baseUrl, attempts: 1 } } }), { cacheDir });

describe('yahoo last-good-bars cache', () => {
  it('persists the last good bars so a restarted process falls back to them', async () => {
    server = await startChartServer({ AAPL: [ok(fixture('aapl_1m_2024-10-02.json')), status(503)] });
    const dir = mkdtempSync(join(tmpdir(), 'tickfold-cache-'));
    expect(await pollOnce(feedFor(server.baseUrl, dir), 'AAPL', NOW, new SteppingScheduler())).toMatchObject({ kind: 'bars' });
    expect(readdirSync(dir)).toEqual(['yahoo-bars-AAPL.json']);
    expect(JSON.parse(readFileSync(join(dir, 'yahoo-bars-AAPL.json'), 'utf8')).bars).toHaveLength(389);

    const restarted = feedFor(server.baseUrl, dir);
    const obs = await pollOnce(restarted, 'AAPL', NOW, new SteppingScheduler());
    expect(obs).toMatchObject({ kind: 'fallback', reason: 'http-status', message: 'HTTP 503 with a non-JSON body starting "<html><body>503</body></html>"; using the 389 cached bars up to 2024-10-02T19:59:00.000Z' });
  });

  it('ignores a torn or foreign cache file and says so', async () => {
    server = await startChartServer({ AAPL: [ok(fixture('aapl_1m_2024-10-02.json')), status(503)] });
    const dir = mkdtempSync(join(tmpdir(), 'tickfold-cache-'));
    await pollOnce(feedFor(server.baseUrl, dir), 'AAPL', NOW, new SteppingScheduler());
    const file = join(dir, 'yahoo-bars-AAPL.json');
    truncateSync(file, 1000);
    const torn = await pollOnce(feedFor(server.baseUrl, dir), 'AAPL', NOW, new SteppingScheduler());
    expect(torn.kind === 'fallback' && torn.message).toMatch(/; no cached bars \(cache .*yahoo-bars-AAPL\.json ignored: .*JSON/);

    writeFileSync(file, JSON.stringify({ version: 1, symbol: 'AAPL', bars: [{ time: '2024-10-02T19:59:00.000Z', open: 1, high: 0.5, low: 1, close: 1, volume: 1 }] }));
    const invalid = await pollOnce(feedFor(server.baseUrl, dir), 'AAPL', NOW, new SteppingScheduler());
    expect(invalid.kind === 'fallback' && invalid.message).toMatch(/ignored: bar 0 is invalid or out of order\)$/);
  });
});
