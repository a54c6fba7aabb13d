// Report benchmark: a 20,000-tick, 5-symbol synthetic session (SMA crossover 2/5, so thousands of
// round trips) kept in memory, then (1) the metrics module over its events and (2) the whole HTML
// tearsheet. Prints `report.metrics_events_per_s`, `report.tearsheet_ms` and `report.tearsheet_bytes`
// (the limit for this run is 2 MB). Usage: node bench/report.mjs (needs `pnpm build` first: tsc -b and the CLI bundle)
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (pkg, file = 'index.js') => join(root, 'packages', pkg, 'dist', file);
if (!existsSync(dist('cli'))) {
  console.error(`${dist('cli')} is missing; build first: pnpm build`);
  process.exit(2);
}
const { createEngine, resolveConfig } = await import(pathToFileURL(dist('core')).href);
const { createFeed } = await import(pathToFileURL(dist('feed')).href);
const { collect, createTracker, runMetrics, renderReport, uplotAssets } = await import(pathToFileURL(dist('cli')).href);

const TICKS = 20_000;
const config = resolveConfig({
  symbols: ['AAA', 'BBB', 'CCC', 'DDD', 'EEE'], seed: 42, data: { minBars: 5 },
  strategies: [{ name: 'sma-cross', weight: 1, params: { fast: 2, slow: 5 } }], risk: { maxDrawdown: null, dailyLoss: null, maxConsecutiveFallbacks: null },
});
const records = [];
await createEngine(config, { feed: createFeed(config), sinks: [{ write: (rs) => void records.push(...rs) }] }).run({ ticks: TICKS });

const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
const metricsMs = median(Array.from({ length: 5 }, () => {
  const t = performance.now();
  const tracker = createTracker();
  for (const r of records) tracker.push(r.event);
  runMetrics(tracker.track);
  return performance.now() - t;
}));
let html = '';
const assets = uplotAssets();
const times = [];
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  const c = await collect(records);
  html = renderReport(c, runMetrics(c.track).symbols, assets);
  times.push(performance.now() - t);
}
const reportMs = median(times);
console.log(`report.events ${records.length}`);
console.log(`report.metrics_events_per_s ${Math.round(records.length / (metricsMs / 1000))}`);
console.log(`report.tearsheet_ms ${Math.round(reportMs)}`);
console.log(`report.tearsheet_bytes ${Buffer.byteLength(html)}`);
