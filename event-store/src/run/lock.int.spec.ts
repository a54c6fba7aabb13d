import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createRun, openRun } from '../index.js';
import { CREATED_AT, configOf, tempDir } from '../test-support/session.js';

const tmp = tempDir('tickfold-lock-');
afterAll(tmp.cleanup);

describe('one writer per run directory', () => {
  it('a second writer gets E_RUN_LOCKED naming the holder', () => {
    const dir = join(tmp.dir, 'a');
    const writer = createRun({ dir, config: configOf(1), createdAt: CREATED_AT });
    expect(() => openRun(dir, { forWrite: true })).toThrow(`E_RUN_LOCKED: ${dir} is being written by process ${process.pid} on ${hostname()}`);
    expect(openRun(dir).seq).toBe(0); // readers are not blocked
    writer.close();
    openRun(dir, { forWrite: true }).writer!.close();
  });

  it('a lock left by a killed process does not block a resume', () => {
    const dir = join(tmp.dir, 'b');
    createRun({ dir, config: configOf(1), createdAt: CREATED_AT }).close();
    // What a SIGKILLed writer leaves: the lock directory, fresh, and its owner record.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    mkdirSync(join(dir, 'writer.lock'));
    writeFileSync(join(dir, 'writer.json'), JSON.stringify({ pid: Number(dead), host: hostname() }));
    const run = openRun(dir, { forWrite: true });
    expect(run.writer).toBeDefined();
    run.writer!.close();
  });

  it('a fresh lock held by a live process on this host is respected', () => {
    const dir = join(tmp.dir, 'c');
    createRun({ dir, config: configOf(1), createdAt: CREATED_AT }).close();
    mkdirSync(join(dir, 'writer.lock'));
    writeFileSync(join(dir, 'writer.json'), JSON.stringify({ pid: process.ppid, host: hostname() }));
    expect(() => openRun(dir, { forWrite: true })).toThrow(/E_RUN_LOCKED/);
  });
});
