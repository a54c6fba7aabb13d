import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { openRun, verifyRun } from '../index.js';
import { referenceSession, tempDir } from '../test-support/session.js';

const CHILD = fileURLToPath(new URL('../test-support/session-child.mjs', import.meta.url));
const DIST = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
// Start-up (loading the packages) costs ~1 s per child on this machine, so kills come in chains:
// kill, resume, kill again… and finally let it finish. Each child is told to block after a few
// ticks of its own (see session-child.mjs), past the tick the kill is aimed at, so no kill can be
// outrun by a session that finished first: every one lands, on a busy machine or an idle one.
// 10 kills of at most KILL_MAX_TICKS + HOLD_SLACK ticks each stay well inside TICKS.
const TICKS = 160;
const KILL_MAX_TICKS = 12;
const HOLD_SLACK = 2;
const CHAINS = 5;
const KILLS_PER_CHAIN = 10;
const POLICIES = ['tick', 'interval', 'close'] as const;

const tmp = tempDir('tickfold-kill-');
afterAll(tmp.cleanup);
/** Newest modification time of the non-test sources under a directory. */
const newestSource = (dir: string): number =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && !f.includes('test-support'))
    .reduce((t, f) => Math.max(t, statSync(join(dir, f)).mtimeMs), 0);

beforeAll(() => {
  // The child imports the built packages: a stale build would test old code without a word.
  for (const pkg of ['../..', '../../../packages/core']) {
    const root = fileURLToPath(new URL(pkg, import.meta.url));
    const info = join(root, 'dist', '.tsbuildinfo');
    if (!existsSync(DIST) || !existsSync(info) || statSync(info).mtimeMs < newestSource(join(root, 'src'))) {
      throw new Error(`${root}/dist is missing or older than its sources: the child process imports the built packages; run 'npx tsc -b' first`);
    }
  }
});

/**
 * Runs the child; SIGKILLs it after `kill.ticks` progress bytes (or `kill.ms` when ticks is 0).
 * The child blocks after `kill.hold` ticks, so the kill lands before the session can end.
 */
function child(dir: string, seed: number, policy: string, kill: { ticks: number; ms: number; hold: number } | null): Promise<{ killed: boolean; out: string }> {
  return new Promise((resolve, reject) => {
    // Fewer GC and compiler threads: start-up is most of a child's cost, on two busy cores.
    const flags = ['--max-semi-space-size=32', '--single-threaded'];
    const p = spawn(process.execPath, [...flags, CHILD, dir, String(seed), String(TICKS), policy, ...(kill ? [String(kill.hold)] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let dots = 0;
    const killNow = () => p.kill('SIGKILL');
    if (kill && kill.ticks === 0) setTimeout(killNow, kill.ms);
    p.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      dots += chunk.toString().split('.').length - 1;
      if (kill && kill.ticks > 0 && dots >= kill.ticks) killNow();
    });
    p.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    p.on('error', reject);
    p.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ killed: true, out });
      else if (code === 0) resolve({ killed: false, out });
      else reject(new Error(`child exited with ${code}: ${err}`));
    });
  });
}

describe('real process kills', () => {
  it(`${CHAINS * KILLS_PER_CHAIN} seeded SIGKILLs of a child running a session: every resume reaches the uninterrupted head`, async () => {
    let kills = 0;
    const chain = async (c: number) => {
      const seed = 100 + c;
      const policy = POLICIES[c % POLICIES.length]!;
      const rng = seedrandom.alea(`kill-${c}`);
      const ref = await referenceSession(seed, TICKS);
      const dir = join(tmp.dir, `chain-${c}`);
      for (let k = 0; k < KILLS_PER_CHAIN; k++) {
        // Mostly mid-session; one in ten during start-up (creating or opening the run).
        const ticks = rng() < 0.1 ? 0 : 1 + Math.floor(rng() * KILL_MAX_TICKS);
        const at = { ticks, ms: ticks === 0 ? Math.floor(rng() * 900) : 0, hold: Math.max(1, ticks) + HOLD_SLACK };
        const before = existsSync(join(dir, 'manifest.json')) ? openRun(dir).tick : 0;
        expect(before + at.hold, `chain ${c} kill ${k}: the hold point must lie before the session's end`).toBeLessThan(TICKS);
        const { killed } = await child(dir, seed, policy, at);
        if (killed) kills += 1;
        if (existsSync(join(dir, 'manifest.json'))) {
          const run = openRun(dir);
          if (run.seq > 0) expect(run.head, `chain ${c} kill ${k}`).toBe(ref.hashAt(run.seq));
        }
      }
      const { out } = await child(dir, seed, policy, null);
      expect(out, `chain ${c} (seed ${seed}, ${policy})`).toMatch(new RegExp(`(done|ended) ${ref.result.head}`));
      expect(openRun(dir).state).toEqual(ref.result.state);
      expect(verifyRun(dir)).toMatchObject({ ok: true, head: ref.result.head, ended: true });
    };
    // Two chains at a time: this machine has two cores.
    const queue = Array.from({ length: CHAINS }, (_, c) => c);
    const worker = async () => {
      for (let c = queue.shift(); c !== undefined; c = queue.shift()) await chain(c);
    };
    await Promise.all([worker(), worker()]);
    expect(kills).toBe(CHAINS * KILLS_PER_CHAIN);
  }, 300_000); // ~30 s on an idle machine; a loaded one (other suites running) takes several times that
});
