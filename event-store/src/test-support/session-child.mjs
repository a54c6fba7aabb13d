// A session in a child process, for the process-kill test and `pnpm soak`: creates the run (or
// resumes it when it exists) and runs the gbm session to `ticks`, writing a byte to stdout after
// each tick so the parent can kill it at a chosen point. Imports the BUILT packages (run
// `npx tsc -b` first).
// Usage: node session-child.mjs <dir> <seed> <ticks> <policy: tick|interval|close> [holdAfter|-] [phase:k]
// With holdAfter, the child blocks for good after that many ticks of its own (writing 'H'), so a
// kill the parent aims at or before that point can never be outrun by the session finishing.
// With phase:k, the child SIGKILLs itself just before its k-th file operation of that phase
// (startup, append, roll, snapshot, shutdown; see phaseOf), and with phase 'count' it prints the
// number of file operations of each phase as its last line instead.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, resolveConfig } from '@tickfold/core';
import { createRun, nodeFileLayer, openRun } from '@tickfold/event-store';
import { gbmFeed, sessionConfig } from './gbmFeed.mjs';

const [dir, seedArg, ticksArg, policyArg = 'tick', holdArg = '-', killArg] = process.argv.slice(2);
const seed = Number(seedArg);
const ticks = Number(ticksArg);
const policy = policyArg === 'interval' ? { kind: 'interval', ms: 5 } : { kind: policyArg };
const holdAfter = holdArg === '-' ? Infinity : Number(holdArg);
const config = resolveConfig(sessionConfig(seed));

// Where the process is: 'startup' until the engine runs, then the kind of each write, then 'shutdown'.
let stage = 'startup';
const MUTATING = new Set(['openAppend', 'openCreate', 'write', 'fsync', 'truncate', 'mkdir', 'unlink', 'rename', 'fsyncDir', 'writeFileAtomic']);
const phaseOf = (op, path) => {
  if (stage !== 'run') return stage;
  if (typeof path === 'string' && path.includes('/snapshots/')) return 'snapshot';
  if (op === 'openAppend' || op === 'openCreate' || (op === 'fsyncDir' && String(path).endsWith('/events'))) return 'roll';
  return 'append';
};
const [killPhase, killK] = killArg ? killArg.split(':') : [null, '0'];
const counts = { startup: 0, append: 0, roll: 0, snapshot: 0, shutdown: 0 };
const fs = { ...nodeFileLayer };
for (const op of MUTATING) {
  fs[op] = (...args) => {
    const phase = phaseOf(op, args[0]);
    counts[phase] += 1;
    if (phase === killPhase && counts[phase] === Number(killK)) process.kill(process.pid, 'SIGKILL');
    return nodeFileLayer[op](...args);
  };
}

let writer;
let resume;
if (existsSync(join(dir, 'manifest.json'))) {
  const run = openRun(dir, { forWrite: true, policy, fs });
  if (run.ended) {
    process.stdout.write(`ended ${run.head}\n`);
    process.exit(0);
  }
  writer = run.writer;
  resume = run.resume;
} else {
  writer = createRun({ dir, config, createdAt: '2026-01-01T00:00:00.000Z', policy, segmentMaxBytes: 20_000, snapshotEvery: 150, fs });
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
// Runs before the writer: the batch that ends the session starts the shutdown phase.
const ending = { write: (records) => void (records.some((r) => r.event.type === 'SessionEnded') && (stage = 'shutdown')) };
const engine = createEngine(config, { feed: gbmFeed({ seed }), sinks: [ending, writer, progress], resume, yieldEvery: 4 });
stage = 'run';
const result = await engine.run({ ticks });
writer.close({ state: result.state, head: result.head });
process.stdout.write(`\ndone ${result.head}\n`);
if (killPhase === 'count') process.stdout.write(`counts ${JSON.stringify(counts)}\n`);
