// The log's own floor: what serializing every event of a run and hash-chaining it cost with
// nothing else around them (no engine, no feed, no file), timed on the events of a real run's
// log. The engine does both for every event it decides, so no design that keeps these bytes
// and this chain can run the backtest in less than their sum plus start-up.
import { GENESIS_HASH, sha256Hex } from '@tickfold/core';
import { serializeEvent } from '@tickfold/core/internal';
import { readRun } from '@tickfold/event-store';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timed(runs, fn) {
  const seconds = [];
  let out;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    out = fn();
    seconds.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return { seconds: median(seconds), out };
}

/** Seconds to serialize and to chain every event of the run in `dir`; throws unless both reproduce the log exactly. */
export function logFloor(dir, runs = 3) {
  // The store's own reader gives each line's stored bytes and hash (and checks the log on the way).
  // The events are parsed again from those bytes: plain objects, as the engine's are, not the reader's frozen ones.
  const stored = [];
  let head = GENESIS_HASH;
  for (const record of readRun(dir)) {
    stored.push(record.canonical);
    head = record.hash;
  }
  const events = stored.map((bytes) => JSON.parse(bytes));
  for (let i = 0; i < events.length; i++) {
    if (serializeEvent(events[i]) !== stored[i]) throw new Error(`serializeEvent does not give the stored bytes of event ${i + 1}`);
  }
  // Each result dropped at once, as the engine's are once written: holding every result would time the collector instead.
  const serialize = timed(runs, () => {
    let length = 0;
    for (let i = 0; i < events.length; i++) length += serializeEvent(events[i]).length;
    return length;
  });
  const chain = timed(runs, () => {
    let h = GENESIS_HASH;
    for (let i = 0; i < stored.length; i++) h = sha256Hex(h + stored[i]);
    return h;
  });
  if (chain.out !== head) throw new Error(`the chain of the stored bytes ends at ${chain.out}, the log at ${head}`);
  return { events: stored.length, serializeSeconds: serialize.seconds, chainSeconds: chain.seconds };
}
