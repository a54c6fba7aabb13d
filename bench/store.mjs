// Event-store benchmark: append throughput per durability policy, read-and-verify, replay
// (verify + batched fold), re-derivation, and the time to open a 1,000,000-event run from a
// snapshot near its end and from none. Imports the BUILT packages: run `npx tsc -b` first.
// Usage: node --expose-gc bench/store.mjs [--events 1000000]
// Prints `store.<metric> <value>` lines (median of 3 where a metric is cheap enough to repeat).
import { mkdtempSync, readdirSync, renameSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENESIS_HASH, canonical, chainHash, createEngine, fold, initialState, resolveConfig } from '@tickfold/core';
import { decideContext, startSession } from '@tickfold/core/internal';
import { createRun, nodeFileLayer, openRun, readRun, replayRun, verifyRun } from '@tickfold/event-store';
import { readPlanOf } from '@tickfold/event-store/internal';
import { gbmFeed, sessionConfig } from '../event-store/src/test-support/gbmFeed.mjs';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? def : Number(process.argv[i + 1]);
};
const TOTAL = arg('events', 1_000_000);
const APPEND_EVENTS = Math.min(TOTAL, 200_000);
const BATCH = 1000;
const root = mkdtempSync(join(tmpdir(), 'tickfold-bench-'));
const print = (metric, value) => console.log(`store.${metric} ${Number.isInteger(value) ? value : value.toFixed(value < 10 ? 3 : 0)}`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const gc = () => globalThis.gc?.();

// One symbol, one-second ticks (so UTC days hold 86,400 ticks and size decides most rotations).
const config = resolveConfig({ seed: 1, symbols: ['SPY'], clock: { mode: 'virtual', start: '2024-01-02T00:00:00.000Z', stepMs: 1000 } });
const startMs = Date.parse(config.clock.start);

/** Valid events of a session, 3 per tick (TickStarted, BarReceived, Heartbeat), chained, in batches of whole ticks. */
function* records(total) {
  let head = GENESIS_HASH;
  let seq = 0;
  const make = (event) => {
    const bytes = canonical(event);
    head = chainHash(head, bytes);
    return { event, canonical: bytes, hash: head };
  };
  // The session's own first event, as the engine records it (config, strategies, versions).
  const started = startSession(initialState(config, decideContext(config).windowSize), decideContext(config), config.clock.start).events[0];
  seq += 1;
  let batch = [make(started)];
  let close = 100;
  for (let tick = 1; seq < total; tick++) {
    const time = new Date(startMs + (tick - 1) * 1000).toISOString();
    const open = close;
    close = Math.max(1, close * (1 + Math.sin(tick * 0.7) * 0.001));
    const bar = { time, open, high: Math.max(open, close) * 1.0005, low: Math.min(open, close) * 0.9995, close, volume: 1000 + (tick % 97) };
    batch.push(make({ seq: ++seq, type: 'TickStarted', tick, time, data: {} }));
    if (seq < total) batch.push(make({ seq: ++seq, type: 'BarReceived', tick, time, symbol: 'SPY', data: { bars: [bar], attempts: 1, dropped: 0 } }));
    if (seq < total) batch.push(make({ seq: ++seq, type: 'Heartbeat', tick, time, data: { equity: 100_000, symbols: { SPY: { equity: 100_000, cash: 100_000, position: 0, weight: 0, price: close, halted: null } } } }));
    if (batch.length >= BATCH || seq >= total) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

const dirBytes = (dir) => readdirSync(join(dir, 'events')).reduce((n, f) => n + statSync(join(dir, 'events', f)).size, 0);

// --- append, per policy (records prepared beforehand: only the store is timed) ---
const prepared = [...records(APPEND_EVENTS)];
const policies = [['batch', { kind: 'tick' }], ['interval_100ms', { kind: 'interval', ms: 100 }], ['close', { kind: 'close' }]];
for (const [name, policy] of policies) {
  const rates = [];
  let mbps = [];
  for (let rep = 0; rep < 3; rep++) {
    const dir = join(root, `append-${name}-${rep}`);
    gc();
    const t = performance.now();
    const writer = createRun({ dir, config, createdAt: '2026-01-01T00:00:00.000Z', policy, snapshotEvery: 0 });
    for (const batch of prepared) writer.append(batch);
    writer.close();
    const s = (performance.now() - t) / 1000;
    rates.push(APPEND_EVENTS / s);
    mbps.push(dirBytes(dir) / 1e6 / s);
    rmSync(dir, { recursive: true, force: true });
  }
  print(`append_${name}_events_per_s`, Math.round(median(rates)));
  print(`append_${name}_mb_per_s`, median(mbps));
}
const avgBytes = prepared.flat().reduce((n, r) => n + r.canonical.length + 79, 0) / APPEND_EVENTS;
print('event_line_bytes_avg', Math.round(avgBytes));
prepared.length = 0;

// --- the big run: TOTAL events, with states folded along so snapshots can be taken ---
const big = join(root, 'big');
{
  // fsync per 1,000-event batch: each snapshot is written as it comes due (group commit would hold it for the next fsync).
  const writer = createRun({ dir: big, config, createdAt: '2026-01-01T00:00:00.000Z', policy: { kind: 'tick' }, snapshotEvery: Math.floor((TOTAL * 0.99) / 3) });
  let state = initialState(config, decideContext(config).windowSize);
  for (const batch of records(TOTAL)) {
    state = fold(state, batch.map((r) => r.event));
    writer.write(batch, state);
  }
  writer.close();
  // close() snapshots the very end; drop that one so the newest sits ~1% before the end.
  const snaps = readdirSync(join(big, 'snapshots')).sort();
  unlinkSync(join(big, 'snapshots', snaps.at(-1)));
}
print('big_run_events', TOTAL);
print('big_run_mb', dirBytes(big) / 1e6);

// --- read and verify ---
{
  gc();
  const t = performance.now();
  let n = 0;
  for (const _ of readRun(big)) n++;
  print('read_verify_events_per_s', Math.round(n / ((performance.now() - t) / 1000)));
}

// --- verify (every line checked, every snapshot proven): on every core, then in one scan. The
// default uses the cores free in its first tenth of a second (event-store src/log/parts.ts), so both are forced here.
const cores = availableParallelism();
print('cores', cores);
print('load_average_1m', loadavg()[0]);
// All cores split as the default would (by position at snapshots where they sit usefully), then forced by symbol.
const plan = readPlanOf(big, nodeFileLayer, { threads: cores });
console.log('store.verify_all_cores_split', `${plan.split}${plan.split === 'position' ? ` (each thread's share of the bytes ${plan.shares.map((x) => x.toFixed(3)).join(' / ')})` : ''}`);
for (const [name, parallel] of [['_all_cores', { threads: cores }], ['_all_cores_by_symbol', { threads: cores, split: 'symbol' }], ['_one_thread', { threads: 1 }]]) {
  gc();
  const t = performance.now();
  const report = verifyRun(big, parallel ? { parallel } : {});
  if (!report.ok) throw new Error(`bench: verify failed: ${JSON.stringify(report.problem)}`);
  print(`verify${name}_events_per_s`, Math.round(report.events / ((performance.now() - t) / 1000)));
}

// --- open from a snapshot near the end (median of 3), then from none (= replay: verify + batched fold) ---
// Proven open (issue 13) folds the whole log to prove the snapshot: on every core by default (log/parts.ts).
{
  const times = [];
  let run;
  for (let rep = 0; rep < 3; rep++) {
    gc();
    const t = performance.now();
    run = openRun(big);
    times.push(performance.now() - t);
  }
  print('open_from_snapshot_ms', median(times));
  print('open_from_snapshot_events_after_snapshot', run.seq - run.snapshotSeq);
  for (const [name, threads] of [['all_cores', cores], ['one_thread', 1]]) {
    gc();
    const t1 = performance.now();
    const forced = openRun(big, { parallel: { threads } });
    print(`open_from_snapshot_${name}_ms`, performance.now() - t1);
    if (forced.head !== run.head || forced.snapshotSeq !== run.snapshotSeq) throw new Error(`bench: the ${name} open disagrees with the default`);
  }
  renameSync(join(big, 'snapshots'), join(big, 'snapshots-aside'));
  gc();
  const t = performance.now();
  const cold = openRun(big);
  const ms = performance.now() - t;
  print('open_from_none_ms', ms);
  print('replay_verify_fold_events_per_s', Math.round(cold.seq / (ms / 1000)));
  if (cold.head !== run.head) throw new Error('bench: the two opens disagree on the head hash');
}

// --- re-derivation (core's Replayer over a real engine session) ---
{
  const dir = join(root, 'engine');
  const cfg = resolveConfig(sessionConfig(5, ['QQQ', 'SPY']));
  const writer = createRun({ dir, config: cfg, createdAt: '2026-01-01T00:00:00.000Z', policy: { kind: 'close' } });
  await createEngine(cfg, { feed: gbmFeed({ seed: 5 }), sinks: [writer] }).run({ ticks: 1500 });
  writer.close();
  gc();
  const t = performance.now();
  const r = replayRun(dir);
  print('rederive_events_per_s', Math.round(r.events / ((performance.now() - t) / 1000)));
}

if (process.argv.includes("--keep")) console.log(`kept ${root}`); else rmSync(root, { recursive: true, force: true });
