// pnpm soak: seeded SIGKILLs of real child processes running a session, spread over startup,
// steady appends, segment roll-overs, snapshots and shutdown, and inside resumes (a child started
// on a killed run is a resume; its startup is the recovery). After every kill the run is opened
// and its head must be the uninterrupted session's head at that seq; every chain ends with a
// child that finishes, whose head and state must equal the uninterrupted session's.
// Not part of `pnpm test` (minutes). Imports the BUILT packages: `pnpm soak` builds first.
// Usage: node soak/soak.mjs [--kills 1000] [--workers 2] [--seed soak]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine, resolveConfig } from '@tickfold/core';
import { openRun, verifyRun } from '@tickfold/event-store';
import { gbmFeed, sessionConfig } from '../event-store/src/test-support/gbmFeed.mjs';

const CHILD = fileURLToPath(new URL('../event-store/src/test-support/session-child.mjs', import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
};
const KILLS = Number(arg('kills', 1000));
const WORKERS = Number(arg('workers', 2));
// mulberry32, seeded from --seed: the kill points of a soak are reproducible.
const rng = ((seedText) => {
  let a = [...seedText].reduce((h, ch) => Math.imul(h ^ ch.charCodeAt(0), 0x9e3779b1) >>> 0, 0x811c9dc5);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
})(arg('seed', 'soak'));
const TICKS = 100;
const POLICIES = ['tick', 'interval', 'close'];
const PHASES = ['startup', 'append', 'roll', 'snapshot', 'shutdown'];
const root = mkdtempSync(join(tmpdir(), 'tickfold-soak-'));

/** Runs the child; resolves with how it ended and what it printed. */
function child(dir, seed, policy, kill) {
  return new Promise((resolve, reject) => {
    const flags = ['--max-semi-space-size=32', '--single-threaded'];
    const p = spawn(process.execPath, [...flags, CHILD, dir, String(seed), String(TICKS), policy, '-', kill], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (c) => (out += c));
    p.stderr.on('data', (c) => (err += c));
    p.on('error', reject);
    p.on('close', (code, signal) => resolve({ killed: signal === 'SIGKILL', code, out, err }));
  });
}

/** The uninterrupted session in memory: hash at each seq, final head and state. */
async function reference(seed) {
  const hashes = [];
  const engine = createEngine(resolveConfig(sessionConfig(seed)), { feed: gbmFeed({ seed }), sinks: [{ write: (rs) => void hashes.push(...rs.map((r) => r.hash)) }] });
  const result = await engine.run({ ticks: TICKS });
  return { hashAt: (seq) => hashes[seq - 1], head: result.head, state: result.state };
}

const stats = { kills: 0, byPhase: Object.fromEntries(PHASES.map((p) => [p, 0])), resumes: 0, killedInResume: 0, missed: 0, chains: 0, mismatches: 0, noRunDir: 0 };
const mismatches = [];
const mismatch = (what) => {
  stats.mismatches += 1;
  if (mismatches.length < 20) mismatches.push(what);
};

/** A calibration run: how many file operations each phase has in a whole fresh session. */
async function calibrate(seed, policy) {
  const dir = join(root, `calibrate-${seed}-${policy}`);
  const r = await child(dir, seed, policy, 'count:0');
  rmSync(dir, { recursive: true, force: true });
  const line = r.out.split('\n').find((l) => l.startsWith('counts '));
  if (!line) throw new Error(`calibration failed: ${r.err}`);
  return JSON.parse(line.slice(7));
}

// Six seeds × three policies, each calibrated once and reused by the chains that draw it.
const cache = new Map();
const prepared = (seed, policy) => {
  const key = `${seed}/${policy}`;
  if (!cache.has(key)) cache.set(key, Promise.all([reference(seed), calibrate(seed, policy)]));
  return cache.get(key);
};

async function chain(c) {
  const seed = 500 + (c % 6);
  const policy = POLICIES[Math.floor(c / 6) % POLICIES.length];
  const [ref, counts] = await prepared(seed, policy);
  const dir = join(root, `chain-${c}`);
  let tick = 0;
  for (let attempt = 0; ; attempt++) {
    const resuming = existsSync(join(dir, 'manifest.json'));
    if (resuming) stats.resumes += 1;
    // Kill points are drawn within what the child still has to do: a fresh session's operations
    // per phase (calibrated), scaled to the ticks left; a resume's own startup (recovery) is short.
    const phase = attempt > 12 ? 'shutdown' : PHASES[Math.floor(rng() * PHASES.length)];
    const left = (TICKS - tick) / TICKS;
    const span = phase === 'shutdown' ? counts.shutdown : phase === 'startup' ? (resuming ? 1 : counts.startup) : Math.floor(counts[phase] * left);
    const k = 1 + Math.floor(rng() * Math.max(1, span));
    const r = await child(dir, seed, policy, `${phase}:${k}`);
    if (r.killed) {
      stats.kills += 1;
      stats.byPhase[phase] += 1;
      if (resuming) stats.killedInResume += 1;
    } else if (r.code !== 0) {
      mismatch(`chain ${c} attempt ${attempt}: child exited ${r.code}: ${r.err.slice(0, 300)}`);
      break;
    } else {
      stats.missed += 1;
    }
    if (!existsSync(join(dir, 'manifest.json'))) {
      // Killed during creation: no run directory may exist (only a hidden staging directory).
      stats.noRunDir += 1;
      if (existsSync(dir)) mismatch(`chain ${c} attempt ${attempt}: ${dir} exists without a manifest`);
      continue;
    }
    try {
      const run = openRun(dir);
      tick = run.tick;
      if (run.seq > 0 && run.head !== ref.hashAt(run.seq)) mismatch(`chain ${c} attempt ${attempt}: head at seq ${run.seq} differs`);
      if (run.ended) {
        const report = verifyRun(dir);
        if (!report.ok || report.head !== ref.head) mismatch(`chain ${c}: finished run verifies ${report.ok} with head ${report.head}`);
        if (JSON.stringify(run.state) !== JSON.stringify(ref.state)) mismatch(`chain ${c}: finished state differs`);
        break;
      }
    } catch (e) {
      mismatch(`chain ${c} attempt ${attempt} (${phase}:${k}): ${e.message.slice(0, 300)}`);
      break;
    }
  }
  stats.chains += 1;
  rmSync(dir, { recursive: true, force: true });
  for (const n of readdirSync(root)) if (n.startsWith(`.chain-${c}.`)) rmSync(join(root, n), { recursive: true, force: true });
}

const started = performance.now();
let next = 0;
let stopping = false;
const worker = async () => {
  while (stats.kills < KILLS && !stopping) await chain(next++);
};
const summary = () => {
  const seconds = Math.round((performance.now() - started) / 1000);
  return [
    `kills ${stats.kills} (${PHASES.map((p) => `${p} ${stats.byPhase[p]}`).join(', ')}; ${stats.killedInResume} inside resumes)`,
    `resumes ${stats.resumes}, chains ${stats.chains} finished, kill points past a child's end ${stats.missed}, kills before the run directory existed ${stats.noRunDir}`,
    `mismatches ${stats.mismatches}`,
    ...mismatches.map((m) => `  ${m}`),
    `${seconds} s`,
  ].join('\n');
};
// Ctrl-C: finish the chains in flight, then print the figures so far.
process.on('SIGINT', () => {
  stopping = true;
  process.stderr.write('soak: stopping after the chains in flight\n');
});
const progress = setInterval(() => process.stderr.write(`soak: ${stats.kills}/${KILLS} kills, ${stats.chains} chains, ${stats.mismatches} mismatches\n`), 30_000);
await Promise.all(Array.from({ length: WORKERS }, worker));
clearInterval(progress);
rmSync(root, { recursive: true, force: true });
console.log(summary());
process.exitCode = stats.mismatches === 0 && stats.kills >= KILLS ? 0 : 1;
