// Core benchmarks: evolve per event vs the batched fold, and whole synthetic sessions in memory.
// Run through `pnpm bench` (builds first). Each session runs in its own process so that its
// peak RSS is its own.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createEngine, evolve, fold, initialState, resolveConfig } from '@tickfold/core';
import { decideContext } from '@tickfold/core/internal';
import { createFeed } from '@tickfold/feed';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n) => Math.round(n).toString();

async function session(ticks, symbols) {
  const config = resolveConfig({ symbols, seed: 42 });
  const engine = createEngine(config, { feed: createFeed(config), yieldEvery: 1_000_000 });
  const t0 = process.hrtime.bigint();
  const result = await engine.run({ ticks });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return { ticks: result.ticks, events: result.events, seconds: s, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

if (process.argv[2] === 'session') {
  const [ticks, n] = [Number(process.argv[3]), Number(process.argv[4])];
  const symbols = Array.from({ length: n }, (_, i) => `S${String(i).padStart(2, '0')}`);
  console.log(JSON.stringify(await session(ticks, symbols)));
  process.exit(0);
}

// A realistic event stream to fold: 2,000 ticks of 10 symbols.
const config = resolveConfig({ symbols: Array.from({ length: 10 }, (_, i) => `S${i}`), seed: 42 });
const events = [];
const engine = createEngine(config, { feed: createFeed(config), yieldEvery: 1_000_000 });
engine.events$.subscribe((r) => events.push(r.event));
await engine.run({ ticks: 2000 });
const start = initialState(config, decideContext(config).windowSize);

const perEvent = [];
const batched = [];
// Each timing starts from a collected heap (run.mjs passes --expose-gc): the fold was timed right
// after the per-event loop, whose immer garbage it then collected, and its 5 runs of ~25 ms each
// swung 1.1–2.9M events/s within one process on a shared machine; 11 runs, medians.
const collect = () => globalThis.gc?.();
for (let i = 0; i < 11; i++) {
  collect();
  let t = process.hrtime.bigint();
  let s = start;
  for (const e of events) s = evolve(s, e);
  perEvent.push(events.length / (Number(process.hrtime.bigint() - t) / 1e9));
  collect();
  t = process.hrtime.bigint();
  let b = start;
  for (let j = 0; j < events.length; j += 1000) b = fold(b, events.slice(j, j + 1000));
  batched.push(events.length / (Number(process.hrtime.bigint() - t) / 1e9));
}
console.log(`core.evolve_per_event_events_per_s ${fmt(median(perEvent))}`);
console.log(`core.fold_batched_1000_events_per_s ${fmt(median(batched))}`);

const self = fileURLToPath(import.meta.url);
for (const n of [1, 10]) {
  const out = JSON.parse(execFileSync(process.execPath, [self, 'session', '10000', String(n)], { encoding: 'utf8' }));
  console.log(`core.session_10000_ticks_${n}_symbols_ticks_per_s ${fmt(out.ticks / out.seconds)}`);
  console.log(`core.session_10000_ticks_${n}_symbols_events_per_s ${fmt(out.events / out.seconds)}`);
  console.log(`core.session_10000_ticks_${n}_symbols_peak_rss_mb ${fmt(out.peakRssMb)}`);
}
