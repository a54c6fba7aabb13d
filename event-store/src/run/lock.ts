import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { LOCK_DIR } from '../layout.js';
import { storeError } from '../errors.js';

const OWNER_FILE = 'writer.json';
const STALE_MS = 10_000;

interface Owner {
  readonly pid: number;
  readonly host: string;
}

function readOwner(dir: string): Owner | null {
  try {
    return JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8')) as Owner;
  } catch {
    return null;
  }
}

/** Whether no process of this host has `pid` (a kill with signal 0 says ESRCH). */
export const isDead = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
};

/**
 * Takes the single-writer lock of a run directory (proper-lockfile: a lock directory whose mtime
 * the holder refreshes). A lock is taken over when it is stale (not refreshed for 10 s) or when
 * its recorded holder is a process of this host that no longer exists, so a SIGKILLed writer
 * never blocks a resume. Throws E_RUN_LOCKED naming the holder otherwise.
 * Returns the release function.
 */
export function acquireLock(dir: string, onLost: (e: Error) => void): () => void {
  const options = { lockfilePath: join(dir, LOCK_DIR), realpath: false, stale: STALE_MS, onCompromised: onLost };
  let release: () => void;
  try {
    release = lockfile.lockSync(dir, options);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw e;
    const owner = readOwner(dir);
    if (!owner || owner.host !== hostname() || !isDead(owner.pid)) {
      const who = owner ? `process ${owner.pid} on ${owner.host}` : 'another process';
      throw storeError('E_RUN_LOCKED', `${dir} is being written by ${who}; wait for it to finish (or stop it) before writing to this run`, { dir, ...owner });
    }
    rmSync(join(dir, LOCK_DIR), { recursive: true, force: true });
    release = lockfile.lockSync(dir, options);
  }
  writeFileSync(join(dir, OWNER_FILE), JSON.stringify({ pid: process.pid, host: hostname() }) + '\n');
  let released = false;
  return () => {
    if (released) return;
    released = true;
    try {
      release();
    } catch {
      // Already gone (taken over as stale): nothing of ours to remove.
    }
  };
}
