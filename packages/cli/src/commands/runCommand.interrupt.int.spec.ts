import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { main } from '../program.js';
import { memoryIo } from '../test-support/memoryIo.js';
import { tempDir } from '../test-support/cli.js';

const cwd = tempDir('tickfold-interrupt-');

describe('Ctrl-C during run', () => {
  it('a second Ctrl-C while the stopped run writes its snapshot and summary is caught, not fatal', async () => {
    const io = memoryIo(cwd);
    let installed = false;
    let installedAtSummary: boolean | undefined;
    const watched = {
      ...io,
      onInterrupt(handler: () => void) {
        installed = true;
        const remove = io.onInterrupt(handler);
        return () => {
          installed = false;
          remove();
        };
      },
    };
    const write = io.stdout.write.bind(io.stdout) as (chunk: string) => boolean;
    Object.assign(io.stdout, {
      write(chunk: string) {
        installedAtSummary ??= installed;
        io.interrupt();
        return write(chunk);
      },
    });
    const running = main(['run', '--out', 'runs/twice', '--ticks', '100000', '--no-kill-switches', '--fsync', 'close', '--json'], watched);
    const events = join(cwd, 'runs/twice', 'events');
    const logBytes = () => (existsSync(events) ? readdirSync(events).reduce((n, f) => n + statSync(join(events, f)).size, 0) : 0);
    for (let i = 0; i < 200 && logBytes() < 50_000; i++) await sleep(10);
    io.interrupt();
    expect(await running).toBe(130);
    // Had the handler been removed, a real second SIGINT here would have killed the process.
    expect(installedAtSummary).toBe(true);
    expect(io.exits).toEqual([]);
    expect(JSON.parse(io.out())).toMatchObject({ run: join(cwd, 'runs/twice') });
  });
});
