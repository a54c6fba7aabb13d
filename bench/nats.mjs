// NATS benchmark: one 16-backtest sweep (SMA-crossover grid on a CSV fixture) run by the local
// pool (`tickfold sweep --workers 1` and `--workers 2`) and through a local nats-server on 1 and
// on 2 `tickfold worker` processes (`tickfold sweep --nats`, which also fetches every run back
// into the sweep directory; timed from the workers' launch); runs/s of each, the ratio to the local pool, and what a run costs
// in the stream (bytes, messages) against its log on disk. Imports the BUILT packages:
// `pnpm build` first. Skipped (with a note, exit 0) when nats-server is not installed.
// Usage: node bench/nats.mjs [--ticks 1000]
// Prints `nats.<metric> <value>` lines. One measurement each: the machine is shared.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectNats, openTickfoldNats } from '@tickfold/nats';
import { RUNS_STREAM, ensureNatsServer, startNatsServer } from '@tickfold/nats/internal';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? def : Number(process.argv[i + 1]);
};
const TICKS = arg('ticks', 1000);
const here = dirname(fileURLToPath(import.meta.url));
const BIN = resolve(here, '../packages/cli/dist/bin.js');
const print = (metric, value) => console.log(`nats.${metric} ${Number.isInteger(value) ? value : value.toFixed(value < 10 ? 3 : 1)}`);

try {
  ensureNatsServer();
} catch (e) {
  console.log(`# nats: skipped: ${e.message}`);
  process.exit(0);
}

const cwd = mkdtempSync(join(tmpdir(), 'tickfold-bench-nats-'));
copyFileSync(resolve(here, '../packages/feed/test-fixtures/ohlcv/nvda-1999-2014.csv'), join(cwd, 'nvda.csv'));
const FLAGS = ['--csv', 'nvda.csv', '--strategy', 'sma-cross', '--ticks', String(TICKS), '--grid', 'sma-cross.fast=5,10,15,20', '--grid', 'sma-cross.slow=30,40,50,60'];

/** One `tickfold sweep`, timed from launch to exit; returns seconds and its parsed --json. */
function sweep(out, extra) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'sweep', ...FLAGS, '--out', out, '--json', ...extra], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`sweep failed: ${r.stderr}`);
  return { s: (performance.now() - t0) / 1000, doc: JSON.parse(r.stdout) };
}

const startWorker = (url) =>
  new Promise((ok, fail) => {
    const child = spawn(process.execPath, [BIN, 'worker', '--nats', url], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (s) => {
      err += s;
      if (/ready/.test(err)) ok(child);
    });
    child.on('exit', (code) => fail(new Error(`worker exited ${code}: ${err}`)));
  });

const pool = {};
for (const workers of [1, 2]) {
  const { s, doc } = sweep(`sweeps/local-${workers}`, ['--workers', String(workers)]);
  pool[workers] = s;
  if (workers === 1) {
    print('runs', doc.runs.length);
    print('ticks_per_run', TICKS);
    const bytes = doc.runs.reduce((n, r) => n + readdirSync(join(r.dir, 'events')).reduce((m, f) => m + statSync(join(r.dir, 'events', f)).size, 0), 0);
    print('log_bytes_per_run_on_disk', Math.round(bytes / doc.runs.length));
  }
  print(`local_pool_${workers}_thread_runs_per_s`, doc.runs.length / s);
}

for (const workers of [1, 2]) {
  // A fresh server each time: on the same one every run would already be done.
  const server = await startNatsServer();
  // Timed from the workers' launch, as the pool's time includes starting its threads.
  const t0 = performance.now();
  const children = await Promise.all(Array.from({ length: workers }, () => startWorker(server.url)));
  const { doc } = sweep(`sweeps/nats-${workers}`, ['--nats', server.url]);
  const s = (performance.now() - t0) / 1000;
  print(`nats_${workers}_worker_runs_per_s`, doc.runs.length / s);
  print(`nats_${workers}_worker_vs_local_pool_${workers}`, pool[workers] / s);
  if (workers === 1) {
    const nc = await connectNats(server.url);
    const info = await (await openTickfoldNats(nc)).jsm.streams.info(RUNS_STREAM);
    print('stream_bytes_per_run', Math.round(info.state.bytes / doc.runs.length));
    print('stream_messages_per_run', info.state.messages / doc.runs.length);
    await nc.close();
  }
  for (const c of children) c.kill('SIGKILL');
  await server.stop();
}
rmSync(cwd, { recursive: true, force: true });
