import { createServer } from 'node:net';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, tickfold } from '../test-support/cli.js';

const cwd = tempDir('tickfold-nats-errors-');
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

describe('NATS commands with a bad address', () => {
  it('fetch with an http:// address is E_NATS_URL, exit 2, and makes no directory', async () => {
    const o = await tickfold(['fetch', '--nats', 'http://127.0.0.1:4222', 'some-run', 'out'], cwd);
    expect(o.code).toBe(2);
    expect(o.stderr).toMatch(/E_NATS_URL: .*give nats:\/\/HOST:PORT/);
    expect(existsSync(join(cwd, 'out'))).toBe(false);
  });

  it('worker with no server listening is E_NATS_UNREACHABLE, exit 2, saying how to start one', async () => {
    const o = await tickfold(['worker', '--nats', `nats://127.0.0.1:${await freePort()}`], cwd);
    expect(o.code).toBe(2);
    expect(o.stderr).toMatch(/E_NATS_UNREACHABLE: cannot connect to NATS at nats:\/\/127\.0\.0\.1:\d+ .*nats-server -js/);
  });

  it('sweep --nats with no server is E_NATS_UNREACHABLE before any run', async () => {
    const o = await tickfold(['sweep', '--strategy', 'sma-cross', '--ticks', '50', '--grid', 'sma-cross.fast=5,10', '--out', 'sw', '--nats', `127.0.0.1:${await freePort()}`], cwd);
    expect(o.code).toBe(2);
    expect(o.stderr).toMatch(/E_NATS_UNREACHABLE/);
    const runs = join(cwd, 'sw', 'runs');
    expect(existsSync(runs) ? readdirSync(runs) : []).toEqual([]);
  });
});
