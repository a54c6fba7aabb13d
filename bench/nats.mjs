// NATS benchmark: the same 16 one-symbol backtests run locally in one process, then as jobs
// through a local nats-server on 1 and on 2 `tickfold worker` processes; runs/s of each, and
// what a run costs in the stream (bytes and messages). Imports the BUILT packages: `npx tsc -b`.
// Skipped (with a note, exit 0) when nats-server is not installed: `apt-get install nats-server`.
// Usage: node bench/nats.mjs [--runs 16] [--ticks 500]
// Prints `nats.<metric> <value>` lines. One measurement each: the machine is shared.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine, resolveConfig } from '@tickfold/core';
import { createRun } from '@tickfold/event-store';
import { createFeed } from '@tickfold/feed';
import { RUNS_STREAM, connectNats, ensureNatsServer, openTickfoldNats, startNatsServer, submitJob } from '@tickfold/nats';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? def : Number(process.argv[i + 1]);
};
const RUNS = arg('runs', 16);
const TICKS = arg('ticks', 500);
const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../packages/cli/dist/bin.js');
const print = (metric, value) => console.log(`nats.${metric} ${Number.isInteger(value) ? value : value.toFixed(value < 10 ? 3 : 1)}`);

try {
  ensureNatsServer();
} catch (e) {
  console.log(`# nats: skipped: ${e.message}`);
  process.exit(0);
}

const root = mkdtempSync(join(tmpdir(), 'tickfold-bench-nats-'));
const jobs = Array.from({ length: RUNS }, (_, i) => ({
  v: 1,
  runId: `bench-${i}`,
  createdAt: '2026-01-01T00:00:00.000Z',
  config: { seed: 100 + i, symbols: ['SPY'] },
  ticks: TICKS,
  baseDir: root,
}));

// Local: one process, one run after another (fsync at close, as `tickfold sweep` runs do).
let t0 = performance.now();
for (const job of jobs) {
  const config = resolveConfig(job.config);
  const dir = join(root, 'local', job.runId);
  const writer = createRun({ dir, config, createdAt: job.createdAt, policy: { kind: 'close' } });
  const r = await createEngine(config, { feed: createFeed(config, { cacheDir: dir }), sinks: [writer] }).run({ ticks: job.ticks });
  writer.close({ state: r.state, head: r.head });
}
const localS = (performance.now() - t0) / 1000;
const logBytes = jobs.reduce((n, job) => n + readdirSync(join(root, 'local', job.runId, 'events')).reduce((m, f) => m + statSync(join(root, 'local', job.runId, 'events', f)).size, 0), 0);
print('runs', RUNS);
print('ticks_per_run', TICKS);
print('local_1_process_runs_per_s', RUNS / localS);

const startWorker = (url) =>
  new Promise((ok, fail) => {
    const child = spawn(process.execPath, [BIN, 'worker', '--nats', url, '--work-dir', join(root, `work-${Math.random().toString(36).slice(2)}`)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (s) => {
      err += s;
      if (/ready/.test(err)) ok(child);
    });
    child.on('exit', (code) => fail(new Error(`worker exited ${code}: ${err}`)));
  });

for (const workers of [1, 2]) {
  const server = await startNatsServer();
  const nc = await connectNats(server.url);
  const t = await openTickfoldNats(nc);
  const children = await Promise.all(Array.from({ length: workers }, () => startWorker(server.url)));
  t0 = performance.now();
  for (const job of jobs) await submitJob(t, job);
  for (const job of jobs) while ((await t.results.get(job.runId)) === null) await new Promise((r) => setTimeout(r, 10));
  const s = (performance.now() - t0) / 1000;
  print(`nats_${workers}_worker_runs_per_s`, RUNS / s);
  print(`nats_${workers}_worker_vs_local`, localS / s);
  if (workers === 1) {
    const info = await t.jsm.streams.info(RUNS_STREAM);
    print('stream_bytes_per_run', Math.round(info.state.bytes / RUNS));
    print('stream_messages_per_run', info.state.messages / RUNS);
    print('local_log_bytes_per_run', Math.round(logBytes / RUNS));
  }
  for (const c of children) c.kill('SIGKILL');
  await nc.close();
  await server.stop();
}
rmSync(root, { recursive: true, force: true });
