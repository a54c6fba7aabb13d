import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, start, tempDir, tickfold, untilOutput } from '../test-support/cli.js';

const chart = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../test-fixtures/yahoo-chart/msft_1d_2021-02-01_2022-01-31.json'));
const cwd = tempDir('tickfold-yahoo-');
const requests: string[] = [];
const server = createServer((req, res) => {
  requests.push(req.url ?? '');
  res.writeHead(200, { 'content-type': 'application/json' }).end(chart);
});
let baseUrl = '';
beforeAll(async () => {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

const logHas = (dir: string, text: string): boolean =>
  existsSync(join(dir, 'events')) && readdirSync(join(dir, 'events')).some((f) => readFileSync(join(dir, 'events', f), 'utf8').includes(text));

describe('a live-polling run against a local chart server', () => {
  it('polls on the real clock; Ctrl-C says it waits for the next poll, a second Ctrl-C leaves at once, resumable', async () => {
    const run = start(['run', '--feed', 'yahoo', '--yahoo-base-url', baseUrl, '--symbols', 'MSFT', '--poll-interval', '1h', '--ticks', '3', '--out', 'runs/live'], cwd);
    // No deadlines racing the machine's load: wait for what matters, the test's timeout bounds it.
    while (!logHas(join(cwd, 'runs/live'), '"type":"Heartbeat"')) await sleep(25);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests[0]).toMatch(/^\/v8\/finance\/chart\/MSFT\?/);
    const firstHandled = untilOutput(run.child.stderr!, 'stopping at the next poll');
    run.child.kill('SIGINT');
    // The second Ctrl-C only once the first was handled: two signals in one moment are one to the process.
    await firstHandled;
    run.child.kill('SIGINT');
    // Leaving "at once" means before the next poll, an hour away: the test's timeout is the bound.
    const out = await run.done;
    expect(out.code).toBe(130);
    expect(out.stderr).toContain('stopping at the next poll (within 3600 s); Ctrl-C again to leave now');
    expect(out.stderr).toContain('continue with: tickfold run --resume');
    const verify = json(await tickfold(['verify', 'runs/live', '--json'], cwd));
    expect(verify).toMatchObject({ ok: true, ticks: 1, ended: false });
  });
});
