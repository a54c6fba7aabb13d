import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { verifyRun } from '@tickfold/event-store';
import { availableParallelism } from 'node:os';
import { isMainThread } from 'node:worker_threads';
import { main } from '../program.js';
import { startNew } from './runSetup.js';
import { memoryIo } from '../test-support/memoryIo.js';
import { tempDir } from '../test-support/cli.js';

const cwd = tempDir('tickfold-run-threads-');
mkdirSync(join(cwd, 'data'), { recursive: true });
copyFileSync(new URL('../../test-fixtures/ohlcv/orcl-1995-2014.csv', import.meta.url), join(cwd, 'data', 'ORCL.csv'));
const BACKTEST = ['run', '--csv', 'data/ORCL.csv', '--strategy', 'sma-cross', '--fast', '10', '--slow', '30', '--fill', 'next-open', '--sizing', 'whole', '--json'];

/** The log's lines, segment by segment. */
const logOf = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(join(dir, 'events')).sort().map((name) => [name, readFileSync(join(dir, 'events', name), 'latin1')]));

async function run(args: string[]): Promise<{ head: string; events: number }> {
  const io = memoryIo(cwd);
  expect(await main(args, io), io.err()).toBe(0);
  return JSON.parse(io.out()) as { head: string; events: number };
}

describe('run --threads', () => {
  it('writes the same log, byte for byte, and the same head on the writer thread (2) as on the engine\'s (1)', async () => {
    const two = await run([...BACKTEST, '--threads', '2', '--out', 'runs/two']);
    const one = await run([...BACKTEST, '--threads', '1', '--out', 'runs/one']);
    expect(two.events).toBeGreaterThan(20_000);
    expect(two.head).toBe(one.head);
    const log = logOf(join(cwd, 'runs/two'));
    expect(Object.keys(log).length).toBeGreaterThan(10);
    expect(log).toEqual(logOf(join(cwd, 'runs/one')));
    expect(verifyRun(join(cwd, 'runs/two'))).toMatchObject({ ok: true, head: one.head, ended: true });
    // The comparison says something only if `--threads 2` took the writer thread (it needs its module built).
    const checked = await startNew({ csv: 'data/ORCL.csv', out: 'runs/two-check', threads: '2' }, memoryIo(cwd));
    expect(checked.sink.threaded).toBe(true);
    checked.sink.close();
  });

  it('a run on the writer thread stopped with Ctrl-C resumes, on either thread count, to the head of one never stopped', async () => {
    const whole = await run([...BACKTEST, '--threads', '1', '--out', 'runs/whole']);
    for (const threads of ['1', '2']) {
      const out = `runs/stopped-${threads}`;
      const io = memoryIo(cwd);
      const running = main([...BACKTEST, '--threads', '2', '--fsync', 'close', '--out', out], io);
      const events = join(cwd, out, 'events');
      const logBytes = () => (existsSync(events) ? readdirSync(events).reduce((n, f) => n + statSync(join(events, f)).size, 0) : 0);
      for (let i = 0; i < 500 && logBytes() < 200_000; i++) await sleep(5);
      io.interrupt();
      expect(await running, io.err()).toBe(130);
      const stopped = verifyRun(join(cwd, out));
      expect(stopped).toMatchObject({ ok: true, ended: false });
      expect(stopped.events).toBeLessThan(whole.events);
      const resumed = await run(['run', '--resume', out, '--threads', threads, '--json']);
      expect(resumed.head).toBe(whole.head);
      expect(logOf(join(cwd, out))).toEqual(logOf(join(cwd, 'runs/whole')));
    }
  });

  it('uses the writer thread by default on two cores or more, and not with --threads 1', async () => {
    const io = memoryIo(cwd);
    const threaded = await startNew({ csv: 'data/ORCL.csv', out: 'runs/default' }, io);
    const single = await startNew({ csv: 'data/ORCL.csv', out: 'runs/single', threads: '1' }, io);
    try {
      expect(threaded.sink.threaded).toBe(availableParallelism() >= 2 && isMainThread);
      expect(single.sink.threaded).toBe(false);
    } finally {
      threaded.sink.close();
      single.sink.close();
    }
  });

  it('says so when --threads 2 does not apply (--fsync tick keeps each tick durable on the engine\'s thread), and the run goes on', async () => {
    const io = memoryIo(cwd);
    expect(await main([...BACKTEST, '--threads', '2', '--fsync', 'tick', '--ticks', '40', '--out', 'runs/tick'], io), io.err()).toBe(0);
    expect(io.err()).toContain('tickfold: note: --threads 2 does not apply to this run');
    const quiet = memoryIo(cwd);
    expect(await main([...BACKTEST, '--threads', '2', '--ticks', '40', '--out', 'runs/two-short'], quiet), quiet.err()).toBe(0);
    expect(quiet.err()).not.toContain('--threads 2 does not apply');
  });

  it('takes 1 or 2 only, with E_FLAG_INVALID and nothing created', async () => {
    const io = memoryIo(cwd);
    expect(await main([...BACKTEST, '--threads', '3', '--out', 'runs/three'], io)).toBe(2);
    expect(io.err()).toContain('E_FLAG_INVALID: --threads "3" is not a whole number from 1 to 2');
    expect(existsSync(join(cwd, 'runs/three'))).toBe(false);
  });
});
