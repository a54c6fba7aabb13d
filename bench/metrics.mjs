// Metrics benchmark: an SMA backtest of bench/cli.mjs's shape over 100,720 bars (bigCsv), run once by the CLI, its log
// read into memory; then, alternating (median of 5), the series tracker (`createTracker` +
// `runMetrics`, what `report` and `export` use) and the streaming one (`createMetricsTracker`,
// what `run`, `replay` and `sweep` use) over its events: ms per run of the tracker and the heap
// each keeps once it has seen every event. Usage: node --expose-gc bench/metrics.mjs (needs `npx tsc -b` first)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bigCsv } from './lib/bigCsv.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (pkg, file = 'index.js') => join(root, pkg === 'event-store' ? pkg : `packages/${pkg}`, 'dist', file);
if (!existsSync(dist('cli', 'metrics/index.js'))) {
  console.error(`${dist('cli', 'metrics/index.js')} is missing; build first: npx tsc -b`);
  process.exit(2);
}
const { createTracker, runMetrics, createMetricsTracker } = await import(pathToFileURL(dist('cli', 'metrics/index.js')).href);
const { readRun } = await import(pathToFileURL(dist('event-store')).href);

const work = mkdtempSync(join(tmpdir(), 'tickfold-bench-metrics-'));
writeFileSync(join(work, 'ORCL.csv'), bigCsv(join(root, 'packages/cli/test-fixtures/ohlcv/orcl-1995-2014.csv'), 100_720));
const run = spawnSync(process.execPath, [join(root, 'packages/cli/dist/bin.js'), 'run', '--csv', 'ORCL.csv', '--strategy', 'sma-cross', '--fast', '10', '--slow', '30',
  '--cash', '100000', '--fee-bps', '10', '--slippage-bps', '0', '--fill', 'next-open', '--sizing', 'whole', '--min-bars', '30', '--no-kill-switches',
  '--fsync', 'close', '--out', 'run', '--json'], { cwd: work, encoding: 'utf8', maxBuffer: 1 << 26 });
if (run.status !== 0) throw new Error(`tickfold run exited ${run.status}: ${run.stderr.slice(-2000)}`);
const events = [...readRun(join(work, 'run'))].map((r) => r.event);
rmSync(work, { recursive: true, force: true });

const heapMb = () => {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
const trackers = {
  series: () => {
    const t = createTracker();
    for (const e of events) t.push(e);
    return [t, runMetrics(t.track)];
  },
  stream: () => {
    const t = createMetricsTracker();
    for (const e of events) t.push(e);
    return [t, t.metrics()];
  },
};
const ms = { series: [], stream: [] };
const keptMb = { series: [], stream: [] };
for (let i = 0; i < 5; i++) {
  for (const name of ['series', 'stream']) {
    const before = heapMb();
    const t0 = performance.now();
    const kept = trackers[name]();
    ms[name].push(performance.now() - t0);
    keptMb[name].push(heapMb() - before);
    kept.length = 0;
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(`metrics.events ${events.length}`);
for (const name of ['series', 'stream']) {
  console.log(`metrics.${name}_tracker_ms ${median(ms[name]).toFixed(0)}`);
  console.log(`metrics.${name}_tracker_kept_mb ${median(keptMb[name]).toFixed(1)}`);
}
