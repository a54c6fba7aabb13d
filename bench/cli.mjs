// CLI benchmark: an SMA-crossover CSV backtest (fast 10, slow 30, next-open fills, whole shares,
// 10 bps fees) over ~100,000 daily bars, made by repeating a real Yahoo CSV end to end with its
// dates shifted to follow on. The full event log goes to disk, fsynced at the end (--fsync close).
// Prints `cli.csv_backtest_bars_per_s <n>` and `cli.csv_backtest_peak_rss_mb <n>`, plus the same
// figures for a tenth of the bars, so memory growth with the number of bars is visible.
// Usage: node bench/cli.mjs [bars]   (needs `npx tsc -b` first)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bigCsv, cliChild } from './lib/bigCsv.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const program = join(root, 'packages/cli/dist/program.js');
const source = join(root, 'packages/cli/test-fixtures/ohlcv/nvda-1999-2014.csv');
const bars = Number(process.argv[2] ?? 100_000);

if (!existsSync(program)) {
  console.error(`${program} is missing; build first: npx tsc -b`);
  process.exit(2);
}

const child = cliChild(root);

function measure(count) {
  const dir = mkdtempSync(join(tmpdir(), 'tickfold-bench-cli-'));
  try {
    writeFileSync(join(dir, 'BIG.csv'), bigCsv(source, count));
    const args = ['run', '--csv', 'BIG.csv', '--strategy', 'sma-cross', '--fast', '10', '--slow', '30', '--fill', 'next-open', '--sizing', 'whole', '--fee-bps', '10', '--no-kill-switches', '--fsync', 'close', '--out', 'run', '--json'];
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', child, '--', ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
    const line = r.stderr.split('\n').find((l) => l.startsWith('BENCH '));
    if (!line) throw new Error(`benchmark run failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
    const { code, ms, maxRssKb } = JSON.parse(line.slice(6));
    if (code !== 0) throw new Error(`tickfold run exited ${code}: ${r.stderr.slice(-2000)}`);
    return { barsPerS: Math.round(count / (ms / 1000)), peakRssMb: Math.round(maxRssKb / 1024), seconds: ms / 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const small = measure(Math.round(bars / 10));
console.log(`cli.csv_backtest_tenth_bars_per_s ${small.barsPerS}`);
console.log(`cli.csv_backtest_tenth_peak_rss_mb ${small.peakRssMb}`);
const full = measure(bars);
console.log(`cli.csv_backtest_bars_per_s ${full.barsPerS}`);
console.log(`cli.csv_backtest_peak_rss_mb ${full.peakRssMb}`);
console.error(`# ${bars} bars in ${full.seconds.toFixed(1)} s; ${Math.round(bars / 10)} bars in ${small.seconds.toFixed(1)} s`);
