import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { openRun } from '@tickfold/event-store';
import { main } from '../program.js';
import { memoryIo } from '../test-support/memoryIo.js';
import { tempDir } from '../test-support/cli.js';

const cwd = tempDir('tickfold-resume-ticks-');

/** A run stopped by Ctrl-C once its log holds some ticks: open, resumable. */
async function interruptedRun(out: string): Promise<string> {
  const io = memoryIo(cwd);
  const running = main(['run', '--out', out, '--ticks', '100000', '--no-kill-switches', '--fsync', 'close', '--json'], io);
  const events = join(cwd, out, 'events');
  const logBytes = () => (existsSync(events) ? readdirSync(events).reduce((n, f) => n + statSync(join(events, f)).size, 0) : 0);
  for (let i = 0; i < 200 && logBytes() < 50_000; i++) await sleep(10);
  io.interrupt();
  const code = await running;
  expect(code, io.err()).toBe(130);
  return join(cwd, out);
}

describe('run --resume with --ticks', () => {
  it('refuses a total below the ticks already run, and leaves the run open', async () => {
    const dir = await interruptedRun('runs/stopped');
    const done = openRun(dir).tick;
    expect(done).toBeGreaterThan(1);
    const io = memoryIo(cwd);
    expect(await main(['run', '--resume', 'runs/stopped', '--ticks', '1'], io)).toBe(2);
    expect(io.err()).toContain(`E_FLAG_INVALID: --ticks 1 is below the ${done} ticks run ${dir} already holds`);
    expect(io.out()).toBe('');
    expect(openRun(dir)).toMatchObject({ ended: false, tick: done });
  });
});
