// A session in a child process, for the process-kill test: creates the run (or resumes it when
// it exists) and runs the gbm session to `ticks`, writing a byte to stdout after each tick so
// the parent can kill it at a chosen point. Imports the BUILT packages (run `npx tsc -b` first).
// Usage: node session-child.mjs <dir> <seed> <ticks> <policy: batch|interval|close> [holdAfter]
// With holdAfter, the child blocks for good after that many ticks of its own (writing 'H'), so a
// kill the parent aims at or before that point can never be outrun by the session finishing.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, resolveConfig } from '@tickfold/core';
import { createRun, openRun } from '@tickfold/event-store';
import { gbmFeed, sessionConfig } from './gbmFeed.mjs';

const [dir, seedArg, ticksArg, policyArg = 'batch', holdArg] = process.argv.slice(2);
const holdAfter = holdArg === undefined ? Infinity : Number(holdArg);
const seed = Number(seedArg);
const ticks = Number(ticksArg);
const policy = policyArg === 'interval' ? { kind: 'interval', ms: 5 } : { kind: policyArg };
const config = resolveConfig(sessionConfig(seed));

let writer;
let resume;
if (existsSync(join(dir, 'manifest.json'))) {
  const run = openRun(dir, { forWrite: true, policy });
  if (run.ended) {
    process.stdout.write(`ended ${run.head}\n`);
    process.exit(0);
  }
  writer = run.writer;
  resume = run.resume;
} else {
  writer = createRun({ dir, config, createdAt: '2026-01-01T00:00:00.000Z', policy, segmentMaxBytes: 20_000, snapshotEvery: 150 });
}
let ran = 0;
const hold = () => {
  process.stdout.write('H'); // synchronous on a pipe: the parent sees it before the block
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
};
const progress = {
  write(records) {
    if (!records.some((r) => r.event.type === 'Heartbeat')) return;
    process.stdout.write('.');
    if (++ran >= holdAfter) hold();
  },
};
const engine = createEngine(config, { feed: gbmFeed({ seed }), sinks: [writer, progress], resume, yieldEvery: 4 });
const result = await engine.run({ ticks });
writer.close();
process.stdout.write(`\ndone ${result.head}\n`);
