import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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

function readJson(path: string): Owner | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Owner;
  } catch {
    return null;
  }
}

const readOwner = (dir: string): Owner | null => readJson(join(dir, OWNER_FILE));

/** Whether no process of this host has `pid` (a kill with signal 0 says ESRCH). */
export const isDead = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
};

/** A would-be writer's record while it takes the lock: `writer.<pid>.intent`, gone once writer.json names it. */
const INTENT_RE = /^writer\.(\d+)\.intent$/;

/** The processes of this host (pids) with an intent file in `dir`, alive or not, this one left out. */
function intents(dir: string): { readonly live: number[]; readonly dead: string[] } {
  const live: number[] = [];
  const dead: string[] = [];
  for (const name of readdirSync(dir)) {
    const m = INTENT_RE.exec(name);
    if (!m || Number(m[1]) === process.pid) continue;
    // Its name holds the pid; its body the host, unless its writer was killed before it wrote that
    // (an empty file): a pid of this host, then, like every intent this process can have seen written.
    const host = readJson(join(dir, name))?.host ?? hostname();
    if (host !== hostname() || !isDead(Number(m[1]))) live.push(Number(m[1]));
    else dead.push(name);
  }
  return { live, dead };
}

/**
 * Takes the single-writer lock of a run directory (proper-lockfile: a lock directory whose mtime
 * the holder refreshes). A lock is taken over when it is stale (not refreshed for 10 s), when its
 * recorded holder is a process of this host that no longer exists, or when no holder was recorded
 * and the one that took it is gone: a process records its intent (`writer.<pid>.intent`) before it
 * takes the lock and its ownership (`writer.json`) after, so a writer SIGKILLed at any point
 * never blocks a resume, and a lock is never taken from a live process still between the two.
 * Throws E_RUN_LOCKED naming the holder otherwise. Returns the release function.
 */
export function acquireLock(dir: string, onLost: (e: Error) => void): () => void {
  const options = { lockfilePath: join(dir, LOCK_DIR), realpath: false, stale: STALE_MS, onCompromised: onLost };
  const me: Owner = { pid: process.pid, host: hostname() };
  const intent = join(dir, `writer.${process.pid}.intent`);
  writeFileSync(intent, JSON.stringify(me) + '\n');
  let release: () => void;
  try {
    try {
      release = lockfile.lockSync(dir, options);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw e;
      const owner = readOwner(dir);
      const others = intents(dir);
      const ownerGone = owner !== null && owner.host === hostname() && isDead(owner.pid);
      // No owner recorded: the lock's taker was killed between taking it and recording itself, which its intent file outlived.
      const takerGone = owner === null && others.dead.length > 0;
      if (others.live.length > 0 || !(ownerGone || takerGone)) {
        // A live taker first: the owner record may still name a writer that is gone.
        const holder: Owner | null = others.live.length > 0 ? { pid: others.live[0]!, host: hostname() } : owner;
        const who = holder ? `process ${holder.pid} on ${holder.host}` : 'another process';
        throw storeError('E_RUN_LOCKED', `${dir} is being written by ${who}; wait for it to finish (or stop it) before writing to this run`, { dir, ...holder });
      }
      rmSync(join(dir, LOCK_DIR), { recursive: true, force: true });
      release = lockfile.lockSync(dir, options);
    }
    writeFileSync(join(dir, OWNER_FILE), JSON.stringify(me) + '\n');
    // What a process killed before it took the lock left behind.
    for (const name of intents(dir).dead) rmSync(join(dir, name), { force: true });
  } finally {
    rmSync(intent, { force: true });
  }
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
