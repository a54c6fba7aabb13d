import { copyFileSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectNats, openTickfoldNats } from '@tickfold/nats';
import { startNatsServer, type TestNatsServer } from '@tickfold/nats/internal';
import { json, start, tempDir, tickfold } from '../test-support/cli.js';
import { spawnWorker, stopWorkers, until, type WorkerProcess } from '../test-support/natsWorkers.js';

interface SweepJson {
  sweep: string;
  hash: string;
  runs: { id: string; dir: string; head: string; params: unknown; metrics: unknown }[];
}

const FIXTURE = resolve(dirname(fileURLToPath(import.meta.url)), '../../../feed/test-fixtures/ohlcv/nvda-1999-2014.csv');
const cwd = tempDir('tickfold-nats-sweep-');
copyFileSync(FIXTURE, join(cwd, 'nvda.csv'));
const FLAGS = ['--csv', 'nvda.csv', '--strategy', 'sma-cross', '--ticks', '600', '--fee-bps', '5', '--grid', 'sma-cross.fast=5,10', '--grid', 'sma-cross.slow=30,50'];
/** What a sweep's --json says apart from where its directory is. */
const portable = (s: SweepJson) => ({ hash: s.hash, runs: s.runs.map(({ dir: _dir, ...r }) => r) });

describe('tickfold sweep --nats', { timeout: 240_000 }, () => {
  let local: SweepJson;
  let server: TestNatsServer;
  let workers: WorkerProcess[] = [];
  beforeAll(async () => {
    server = await startNatsServer();
    const [o] = await Promise.all([
      tickfold(['sweep', ...FLAGS, '--out', 'sweeps/local', '--json', '--workers', '1'], cwd),
      ...[1, 2].map(async () => workers.push(await spawnWorker(server.url, cwd))),
    ]);
    expect(o.code, o.stderr).toBe(0);
    local = json<SweepJson>(o);
  });
  afterAll(async () => {
    await stopWorkers(...workers);
    await server?.stop();
  });

  it('on two worker processes gives the local sweep\'s runs, heads, metrics and hash; the runs are ordinary run directories', async () => {
    const o = await tickfold(['sweep', ...FLAGS, '--out', 'sweeps/nats', '--json', '--nats', server.url], cwd);
    expect(o.code, o.stderr).toBe(0);
    const onNats = json<SweepJson>(o);
    expect(portable(onNats)).toEqual(portable(local));
    expect(onNats.runs).toHaveLength(4);
    // Both workers took part.
    expect(workers.every((w) => /: done at seq/.test(w.stderr()))).toBe(true);
    for (const r of onNats.runs) {
      const mine = readFileSync(join(r.dir, 'events', '000001.jsonl'));
      const theirs = readFileSync(join(local.runs.find((l) => l.id === r.id)!.dir, 'events', '000001.jsonl'));
      expect(mine.equals(theirs)).toBe(true);
    }
    const verify = await tickfold(['verify', onNats.runs[0]!.dir], cwd);
    expect(verify.code, verify.stdout).toBe(0);
    // Submitting the same sweep again finds every run done: nothing is run twice.
    const again = await tickfold(['sweep', ...FLAGS, '--out', 'sweeps/nats-again', '--json', '--nats', server.url], cwd);
    expect(json<SweepJson>(again).hash).toBe(local.hash);
    // --resume of a NATS sweep fetches its runs again and prints the same.
    const resumed = await tickfold(['sweep', '--resume', 'sweeps/nats', '--json', '--nats', server.url], cwd);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(portable(json<SweepJson>(resumed))).toEqual(portable(local));
    const t = await openTickfoldNats(await connectNats(server.url));
    expect((await t.jsm.streams.info('TICKFOLD_JOBS')).state.messages).toBe(0);
    await t.nc.close();
  });

  it('survives nats-server being killed and restarted on the same store mid-sweep, with the same hash', async () => {
    const fresh = await startNatsServer();
    const ws = await Promise.all([1, 2].map(() => spawnWorker(fresh.url, cwd)));
    try {
      const run = start(['sweep', ...FLAGS, '--out', 'sweeps/restart', '--json', '--nats', fresh.url], cwd);
      const t = await openTickfoldNats(await connectNats(fresh.url));
      await until(async () => ws.some((w) => /taken/.test(w.stderr())), 60_000, 'a worker taking a job');
      await t.nc.close();
      expect(run.child.exitCode).toBeNull();
      await fresh.kill();
      await new Promise((r) => setTimeout(r, 300));
      await fresh.restart();
      const o = await run.done;
      expect(o.code, o.stderr).toBe(0);
      expect(json<SweepJson>(o).hash).toBe(local.hash);
    } finally {
      await stopWorkers(...ws);
      await fresh.stop();
    }
  });
});
