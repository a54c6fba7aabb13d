// Sweep benchmark: 16 sma-cross combinations (fast 5/10/15/20 × slow 30/50/100/200, next-open
// fills, whole shares, 10 bps fees) over the ~100,000-bar CSV bench/cli.mjs uses, once on one
// worker thread and once on every core. Each combination is a whole run (log to disk, fsynced at
// the end) plus its metrics. Prints runs/s of each, the speed-up, and peak RSS: of the whole
// process with one worker and with all, and the increment per extra worker.
// Usage: node bench/sweep.mjs [bars]   (needs `pnpm build` first: tsc -b and the CLI bundle). The machine may be shared:
// read the speed-up next to the load average printed with it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bigCsv, cliChild } from './lib/bigCsv.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const program = join(root, 'packages/cli/dist/program.js');
const source = join(root, 'packages/cli/test-fixtures/ohlcv/nvda-1999-2014.csv');
const bars = Number(process.argv[2] ?? 100_000);
const cores = availableParallelism();

if (!existsSync(program)) {
  console.error(`${program} is missing; build first: pnpm build`);
  process.exit(2);
}

const child = cliChild(root);

const dir = mkdtempSync(join(tmpdir(), 'tickfold-bench-sweep-'));
function measure(workers) {
  const args = [
    'sweep', '--csv', 'BIG.csv', '--strategy', 'sma-cross', '--grid', 'sma-cross.fast=5,10,15,20', '--grid', 'sma-cross.slow=30,50,100,200',
    '--fill', 'next-open', '--sizing', 'whole', '--fee-bps', '10', '--no-kill-switches', '--workers', String(workers), '--out', `sweep-${workers}`, '--json',
  ];
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', child, '--', ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
  const line = r.stderr.split('\n').find((l) => l.startsWith('BENCH '));
  if (!line) throw new Error(`sweep failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  const { code, ms, maxRssKb } = JSON.parse(line.slice(6));
  if (code !== 0) throw new Error(`tickfold sweep exited ${code}: ${r.stderr.slice(-2000)}`);
  return { runsPerS: 16 / (ms / 1000), seconds: ms / 1000, peakRssMb: Math.round(maxRssKb / 1024) };
}

try {
  writeFileSync(join(dir, 'BIG.csv'), bigCsv(source, bars));
  const load = loadavg()[0].toFixed(1);
  const serial = measure(1);
  const parallel = measure(cores);
  console.log(`sweep.serial_runs_per_s ${serial.runsPerS.toFixed(3)}`);
  console.log(`sweep.parallel_runs_per_s ${parallel.runsPerS.toFixed(3)}`);
  console.log(`sweep.speedup ${(parallel.runsPerS / serial.runsPerS).toFixed(2)}`);
  console.log(`sweep.peak_rss_mb_one_worker ${serial.peakRssMb}`);
  console.log(`sweep.peak_rss_mb_all_workers ${parallel.peakRssMb}`);
  if (cores > 1) console.log(`sweep.peak_rss_mb_per_extra_worker ${Math.round((parallel.peakRssMb - serial.peakRssMb) / (cores - 1))}`);
  console.error(`# 16 runs of ${bars} bars: ${serial.seconds.toFixed(1)} s on 1 worker, ${parallel.seconds.toFixed(1)} s on ${cores}; load average ${load} before, ${loadavg()[0].toFixed(1)} after (${cores} cores)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
