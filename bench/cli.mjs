// CLI benchmark: an SMA-crossover CSV backtest (fast 10, slow 30, next-open fills, whole shares,
// 10 bps fees) over ~100,000 daily bars, made by repeating a real Yahoo CSV end to end with its
// dates shifted to follow on. The full event log goes to disk, fsynced at the end (--fsync close).
// Prints `cli.csv_backtest_bars_per_s <n>` and `cli.csv_backtest_peak_rss_mb <n>`, plus the same
// figures for a tenth of the bars, so memory growth with the number of bars is visible.
// Usage: node bench/cli.mjs [bars]   (needs `npx tsc -b` first)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const program = join(root, 'packages/cli/dist/program.js');
const source = join(root, 'packages/cli/test-fixtures/ohlcv/nvda-1999-2014.csv');
const DAY_MS = 86_400_000;
const bars = Number(process.argv[2] ?? 100_000);

if (!existsSync(program)) {
  console.error(`${program} is missing; build first: npx tsc -b`);
  process.exit(2);
}

/** `count` rows of the source CSV repeated end to end; each copy starts a day after the last ended. */
function bigCsv(count) {
  const [header, ...rows] = readFileSync(source, 'utf8').trim().split('\n');
  const parsed = rows.map((r) => { const [date, ...rest] = r.split(','); return { t: Date.parse(`${date}T00:00:00Z`), rest: rest.join(',') }; });
  const span = parsed.at(-1).t - parsed[0].t + DAY_MS;
  const out = [header];
  for (let i = 0; i < count; i++) {
    const copy = Math.floor(i / parsed.length);
    const row = parsed[i % parsed.length];
    out.push(`${new Date(row.t + copy * span).toISOString().slice(0, 10)},${row.rest}`);
  }
  return `${out.join('\n')}\n`;
}

// The run happens in a child whose own peak RSS is the figure: the CSV generation stays out of it.
const child = `
const { main } = await import(${JSON.stringify(program)});
const { processIo } = await import(${JSON.stringify(join(root, 'packages/cli/dist/io.js'))});
const t0 = performance.now();
const code = await main(process.argv.slice(1), { ...processIo(), stdout: { write() { return true; } } });
const ms = performance.now() - t0;
process.stderr.write('\\nBENCH ' + JSON.stringify({ code, ms, maxRssKb: process.resourceUsage().maxRSS }) + '\\n');
`;

function measure(count) {
  const dir = mkdtempSync(join(tmpdir(), 'tickfold-bench-cli-'));
  try {
    writeFileSync(join(dir, 'BIG.csv'), bigCsv(count));
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
