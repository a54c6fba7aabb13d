// Feed benchmarks: CSV rows/s read into numbers, the byte reader against csv-parse (the same
// rows, the header quoted so that csv-parse and the string reader take them all; median of 3),
// as the counting pass reads them; the CSV feed alone in bars/s (open a large file — the counting
// pass included — then poll one bar per tick, as a run does, with the ticks' ISO times built
// beforehand: the engine builds those), warm in this process and cold (what a run pays, JIT
// warm-up included: a fresh process each, CPU time, median of 3); synthetic bars/s (a fresh feed
// polled tick by tick), both warm figures median of 5; and the CSV feed's peak RSS over 100,000
// and 1,000,000 rows, each in its own process, which must not grow with the rows (the file is
// streamed). Run via `pnpm bench` (builds first) or `node bench/feed.mjs` after `npx tsc -b`.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { csvFeed, syntheticFeed } from '@tickfold/feed';
import { csvBars, CsvLines, fileChunks } from '@tickfold/feed/internal';

// Both feeds answer synchronously here (no faults), so the scheduler is never used.
const scheduler = { now: () => 0, schedule: () => { throw new Error('unexpected scheduling'); } };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const DAY_MS = 86_400_000;

// A large CSV: the NVDA fixture repeated, each copy's rows moved onto fresh consecutive dates.
const fixture = readFileSync(fileURLToPath(new URL('../packages/feed/test-fixtures/ohlcv/nvda-1999-2014.csv', import.meta.url)), 'utf8');
const [header, ...rows] = fixture.trimEnd().split('\n');
const tails = rows.map((row) => row.slice(row.indexOf(',')));
function writeCsv(path, count) {
  const fd = openSync(path, 'w');
  writeSync(fd, `${header}\n`);
  let day = Date.parse('1000-01-01T00:00:00.000Z');
  for (let i = 0; i < count; i += 10_000) {
    let block = '';
    for (let j = i; j < Math.min(count, i + 10_000); j++) {
      block += `${new Date(day).toISOString().slice(0, 10)}${tails[j % tails.length]}\n`;
      day += DAY_MS;
    }
    writeSync(fd, block);
  }
  closeSync(fd);
}
const dir = mkdtempSync(join(tmpdir(), 'tickfold-bench-feed-'));
const CSV_ROWS = 100_000;
writeCsv(join(dir, 'big.csv'), CSV_ROWS);

// Polls every tick as the engine does; `timeOf` and `times` give each tick's epoch ms and ISO time.
function drain(feed, symbol, ticks, timeOf, times) {
  let last = null;
  let bars = 0;
  for (let tick = 1; tick <= ticks; tick++) {
    const timeMs = timeOf(tick);
    const obs = feed.poll({ symbol, tick, time: times[tick - 1], timeMs, lastBarTime: last, scheduler });
    if (obs.kind !== 'bars') throw new Error(`tick ${tick}: ${obs.reason} ${obs.message}`);
    bars += obs.bars.length;
    last = obs.bars[obs.bars.length - 1].time;
  }
  return bars;
}
const isoTimes = (count, timeOf) => Array.from({ length: count }, (_, i) => new Date(timeOf(i + 1)).toISOString());

const csvRates = [];
const synRates = [];
const SYN_TICKS = 100_000;
const start = '2024-01-02T00:00:00.000Z';
const synTimeOf = (tick) => Date.parse(start) + (tick - 1) * DAY_MS;
const synTimes = isoTimes(SYN_TICKS, synTimeOf);
let csvTimes;
for (let i = 0; i < 5; i++) {
  if (!csvTimes) {
    const first = csvFeed({ files: { BIG: join(dir, 'big.csv') } });
    csvTimes = isoTimes(first.tickCount, first.timeOf);
  }
  globalThis.gc?.();
  let t = process.hrtime.bigint();
  const feed = csvFeed({ files: { BIG: join(dir, 'big.csv') } });
  const n = drain(feed, 'BIG', feed.tickCount, feed.timeOf, csvTimes);
  if (n !== CSV_ROWS) throw new Error(`expected ${CSV_ROWS} CSV bars, got ${n}`);
  csvRates.push(n / (Number(process.hrtime.bigint() - t) / 1e9));

  globalThis.gc?.();
  t = process.hrtime.bigint();
  const syn = syntheticFeed({ seed: 42 + i, start, stepMs: DAY_MS, historyBars: 0 });
  const m = drain(syn, 'SPY', SYN_TICKS, synTimeOf, synTimes);
  synRates.push(m / (Number(process.hrtime.bigint() - t) / 1e9));
}
console.log(`feed.csv_bars_per_s ${Math.round(median(csvRates))}`);

// The rows reader: bytes straight into numbers while no quote is seen, else csv-parse's records
// through the string reader; each row read, checked and ordered, as the counting pass does.
const quoted = join(dir, 'quoted.csv');
{
  const text = readFileSync(join(dir, 'big.csv'), 'utf8');
  const fd = openSync(quoted, 'w');
  writeSync(fd, `"Date"${text.slice(text.indexOf(','))}`);
  closeSync(fd);
}
const rowsPerS = (path) => {
  const rates = [];
  for (let i = 0; i < 3; i++) {
    globalThis.gc?.();
    const t = process.hrtime.bigint();
    const bars = csvBars(new CsvLines(fileChunks(path), path, () => fileChunks(path)), path);
    let n = 0;
    for (; bars.peekDay() !== Infinity; bars.skip()) n++;
    if (n !== CSV_ROWS || bars.drainProblems().length > 0) throw new Error(`expected ${CSV_ROWS} good rows, got ${n}`);
    rates.push(n / (Number(process.hrtime.bigint() - t) / 1e9));
  }
  return median(rates);
};
const own = rowsPerS(join(dir, 'big.csv'));
const library = rowsPerS(quoted);
console.log(`feed.csv_rows_per_s_bytes ${Math.round(own)}`);
console.log(`feed.csv_rows_per_s_csv_parse ${Math.round(library)}`);
console.log(`feed.csv_rows_bytes_over_csv_parse ${(own / library).toFixed(1)}`);
console.log(`feed.synthetic_bars_per_s ${Math.round(median(synRates))}`);

// A fresh process that opens the CSV feed and polls every tick, keeping nothing: its peak RSS,
// and the CPU time (all threads: the JIT compiles on another) of opening and polling. With
// 'cold', the ticks' ISO times are built before the clock starts, so the CPU is the feed's alone.
const feedIndex = fileURLToPath(new URL('../packages/feed/dist/index.js', import.meta.url));
const child = `
const { csvFeed } = await import(${JSON.stringify(feedIndex)});
const scheduler = { now: () => 0, schedule: () => { throw new Error('unexpected scheduling'); } };
const [path, mode] = process.argv.slice(1);
// The bench's files hold one row per day from 1000-01-01 on.
const times = mode === 'cold' ? Array.from({ length: ${CSV_ROWS} }, (_, i) => new Date(Date.UTC(1000, 0, 1 + i)).toISOString()) : undefined;
const cpu0 = process.cpuUsage();
const feed = csvFeed({ files: { BIG: path } });
let last = null, bars = 0;
for (let tick = 1; tick <= feed.tickCount; tick++) {
  const timeMs = feed.timeOf(tick);
  const obs = feed.poll({ symbol: 'BIG', tick, time: times ? times[tick - 1] : new Date(timeMs).toISOString(), timeMs, lastBarTime: last, scheduler });
  bars += obs.bars.length;
  last = obs.bars[obs.bars.length - 1].time;
}
const cpu = process.cpuUsage(cpu0);
process.stdout.write(JSON.stringify({ bars, maxRssKb: process.resourceUsage().maxRSS, cpuMs: (cpu.user + cpu.system) / 1000 }));
`;
function feedProcess(path, count, mode = 'rss') {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', child, path, mode], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`feed child failed: ${r.stderr.slice(-2000)}`);
  const out = JSON.parse(r.stdout);
  if (out.bars !== count) throw new Error(`expected ${count} bars, got ${out.bars}`);
  return out;
}
function peakRssMb(count) {
  const path = join(dir, `rows-${count}.csv`);
  writeCsv(path, count);
  const { maxRssKb } = feedProcess(path, count);
  rmSync(path, { force: true });
  return Math.round(maxRssKb / 1024);
}
const coldMs = median([0, 1, 2].map(() => feedProcess(join(dir, 'big.csv'), CSV_ROWS, 'cold').cpuMs));
console.log(`feed.csv_cold_cpu_ms ${coldMs.toFixed(0)}`);
console.log(`feed.csv_cold_bars_per_s ${Math.round(CSV_ROWS / (coldMs / 1000))}`);
const small = peakRssMb(100_000);
const large = peakRssMb(1_000_000);
rmSync(dir, { recursive: true, force: true });
console.log(`feed.csv_100k_rows_peak_rss_mb ${small}`);
console.log(`feed.csv_1m_rows_peak_rss_mb ${large}`);
console.log(`feed.csv_peak_rss_ratio_1m_to_100k ${(large / small).toFixed(2)}`);
