// A thread of a parallel read of the log: see log/parts.ts.
import { workerData } from 'node:worker_threads';
import type { PartJob } from './log/parts.js';
import type { SpanJob } from './log/spans.js';

const { job, shared, part } = workerData as { job: PartJob | SpanJob[]; shared: SharedArrayBuffer; part: number };
try {
  // Loaded here, not imported above: a thread that cannot load the store says so at once
  // (slot 0 is `STOP` in log/parts.ts) instead of leaving the caller to wait it out.
  const { runPart } = await import('./log/parts.js');
  runPart(job, shared, part);
} catch {
  const ctl = new Int32Array(shared, 0, 16);
  Atomics.store(ctl, 0, 1);
  Atomics.notify(ctl, 1);
}
