import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createRun, openRun } from '../index.js';
import { CREATED_AT, configOf, tempDir } from '../test-support/session.js';

const tmp = tempDir('tickfold-lock-');
let dead: number | undefined;
/** The pid of a process that has exited. */
const deadPid = (): number => (dead ??= Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString()));
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

  it('a writer killed after taking the lock and before recording itself does not block a resume', () => {
    const dir = join(tmp.dir, 'd');
    createRun({ dir, config: configOf(1), createdAt: CREATED_AT }).close();
    // What a writer SIGKILLed between the two leaves: its intent, the lock, and no owner record.
    rmSync(join(dir, 'writer.json'));
    writeFileSync(join(dir, `writer.${deadPid()}.intent`), JSON.stringify({ pid: deadPid(), host: hostname() }));
    mkdirSync(join(dir, 'writer.lock'));
    const run = openRun(dir, { forWrite: true });
    expect(run.writer).toBeDefined();
    run.writer!.close();
    expect(readdirSync(dir).filter((n) => n.endsWith('.intent'))).toEqual([]);
  });

  it('a lock whose taker is alive and about to record itself is respected, whatever the old owner record says', () => {
    const dir = join(tmp.dir, 'e');
    createRun({ dir, config: configOf(1), createdAt: CREATED_AT }).close();
    writeFileSync(join(dir, 'writer.json'), JSON.stringify({ pid: deadPid(), host: hostname() }));
    writeFileSync(join(dir, `writer.${process.ppid}.intent`), JSON.stringify({ pid: process.ppid, host: hostname() }));
    mkdirSync(join(dir, 'writer.lock'));
    // Named as the live taker, not the gone writer the old record names.
    expect(() => openRun(dir, { forWrite: true })).toThrow(`E_RUN_LOCKED: ${dir} is being written by process ${process.ppid} on ${hostname()}`);
    rmSync(join(dir, 'writer.json'));
    expect(() => openRun(dir, { forWrite: true })).toThrow(`E_RUN_LOCKED: ${dir} is being written by process ${process.ppid} on ${hostname()}`);
  });

  it('an intent its writer was killed before writing (an empty file) is judged by the pid in its name, and cleared once the lock is taken', () => {
    const dir = join(tmp.dir, 'empty-intent');
    createRun({ dir, config: configOf(1), createdAt: CREATED_AT }).close();
    rmSync(join(dir, 'writer.json'));
    writeFileSync(join(dir, `writer.${deadPid()}.intent`), '');
    mkdirSync(join(dir, 'writer.lock'));
    const run = openRun(dir, { forWrite: true });
    expect(run.writer).toBeDefined();
    run.writer!.close();
    expect(readdirSync(dir).filter((n) => n.endsWith('.intent'))).toEqual([]);
  });

  it('a lock nobody recorded, with no intent behind it, is respected', () => {
    const dir = join(tmp.dir, 'f');
    createRun({ dir, config: configOf(1), createdAt: CREATED_AT }).close();
    rmSync(join(dir, 'writer.json'));
    mkdirSync(join(dir, 'writer.lock'));
    expect(() => openRun(dir, { forWrite: true })).toThrow(`E_RUN_LOCKED: ${dir} is being written by another process`);
  });

  it('a process killed before it took the lock leaves nothing behind for long: the next writer clears its intent', () => {
    const dir = join(tmp.dir, 'g');
    createRun({ dir, config: configOf(1), createdAt: CREATED_AT }).close();
    writeFileSync(join(dir, `writer.${deadPid()}.intent`), JSON.stringify({ pid: deadPid(), host: hostname() }));
    openRun(dir, { forWrite: true }).writer!.close();
    expect(readdirSync(dir).filter((n) => n.endsWith('.intent'))).toEqual([]);
  });

  it('a fresh lock held by a live process on this host is respected', () => {
    const dir = join(tmp.dir, 'c');
    createRun({ dir, config: configOf(1), createdAt: CREATED_AT }).close();
    mkdirSync(join(dir, 'writer.lock'));
    writeFileSync(join(dir, 'writer.json'), JSON.stringify({ pid: process.ppid, host: hostname() }));
    expect(() => openRun(dir, { forWrite: true })).toThrow(/E_RUN_LOCKED/);
  });
});
