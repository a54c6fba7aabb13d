// The log's own floor: what serializing every event of a run and hash-chaining it cost with
// nothing else around them (no engine, no feed, no file), timed on the events of a real run's
// log. The engine does both for every event it decides, so no design that keeps these bytes
// and this chain can run the backtest in less than their sum plus start-up.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENESIS_HASH, sha256Hex } from '@tickfold/core';
import { serializeEvent } from '@tickfold/core/internal';

const EVENT_AT = 76; // {"h":"<64 hex>","e":
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
  const stored = [];
  let head = GENESIS_HASH;
  for (const file of readdirSync(join(dir, 'events')).sort()) {
    for (const line of readFileSync(join(dir, 'events', file), 'utf8').split('\n')) {
      if (line === '') continue;
      stored.push(line.slice(EVENT_AT, -1));
      head = line.slice(6, 70);
    }
  }
  const events = stored.map((bytes) => JSON.parse(bytes));
  for (let i = 0; i < events.length; i++) {
    if (serializeEvent(events[i]) !== stored[i]) throw new Error(`serializeEvent does not give the stored bytes of event ${i + 1}`);
  }
  // Each result dropped at once, as the engine's are once written: holding 471k strings would time the collector.
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
