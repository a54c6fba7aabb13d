// Feed benchmarks: CSV bars/s (parse a large file, then poll one bar per tick, as a run does)
// and synthetic bars/s (a fresh feed polled tick by tick). Median of 5. Run via `pnpm bench`
// (builds first) or `node bench/feed.mjs` after `npx tsc -b`.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { csvFeed, syntheticFeed } from '@tickfold/feed';

// Both feeds answer synchronously here (no faults), so the scheduler is never used.
const scheduler = { now: () => 0, schedule: () => { throw new Error('unexpected scheduling'); } };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const DAY_MS = 86_400_000;
const COPIES = 25;

// A large CSV: the NVDA fixture repeated, each copy's rows moved onto fresh consecutive dates.
const fixture = readFileSync(fileURLToPath(new URL('../packages/feed/test-fixtures/ohlcv/nvda-1999-2014.csv', import.meta.url)), 'utf8');
const [header, ...rows] = fixture.trimEnd().split('\n');
const lines = [header];
let day = Date.parse('1900-01-01T00:00:00.000Z');
for (let c = 0; c < COPIES; c++) {
  for (const row of rows) {
    lines.push(new Date(day).toISOString().slice(0, 10) + row.slice(row.indexOf(',')));
    day += DAY_MS;
  }
}
const dir = mkdtempSync(join(tmpdir(), 'tickfold-bench-feed-'));
writeFileSync(join(dir, 'big.csv'), lines.join('\n') + '\n');
const csvRows = lines.length - 1;

function drain(feed, symbol, ticks, timeOf) {
  let last = null;
  let bars = 0;
  for (let tick = 1; tick <= ticks; tick++) {
    const timeMs = timeOf(tick);
    const obs = feed.poll({ symbol, tick, time: new Date(timeMs).toISOString(), timeMs, lastBarTime: last, scheduler });
    if (obs.kind !== 'bars') throw new Error(`tick ${tick}: ${obs.reason} ${obs.message}`);
    bars += obs.bars.length;
    last = obs.bars[obs.bars.length - 1].time;
  }
  return bars;
}

const csvRates = [];
const synRates = [];
const SYN_TICKS = 100_000;
const start = '2024-01-02T00:00:00.000Z';
for (let i = 0; i < 5; i++) {
  globalThis.gc?.();
  let t = process.hrtime.bigint();
  const feed = csvFeed({ files: { BIG: join(dir, 'big.csv') } });
  const n = drain(feed, 'BIG', feed.length, feed.timeOf);
  if (n !== csvRows) throw new Error(`expected ${csvRows} CSV bars, got ${n}`);
  csvRates.push(n / (Number(process.hrtime.bigint() - t) / 1e9));

  globalThis.gc?.();
  t = process.hrtime.bigint();
  const syn = syntheticFeed({ seed: 42 + i, start, stepMs: DAY_MS, historyBars: 0 });
  const m = drain(syn, 'SPY', SYN_TICKS, (tick) => Date.parse(start) + (tick - 1) * DAY_MS);
  synRates.push(m / (Number(process.hrtime.bigint() - t) / 1e9));
}
rmSync(dir, { recursive: true, force: true });
console.log(`feed.csv_bars_per_s ${Math.round(median(csvRates))}`);
console.log(`feed.synthetic_bars_per_s ${Math.round(median(synRates))}`);
