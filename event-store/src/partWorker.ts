// A thread of a parallel read of the log: see log/parts.ts. It may start before its part is
// known (PartThreads), so its start-up overlaps the caller's; the part comes as one message.
import { parentPort } from 'node:worker_threads';
import type { PartJob } from './log/parts.js';
import type { SpanJob } from './log/spans.js';

interface Part {
  readonly job: PartJob | SpanJob[];
  readonly shared: SharedArrayBuffer;
  readonly part: number;
}

// Loaded at once, not imported above: a thread that cannot load the store says so as soon as its
// part comes (slot 0 is `STOP` in log/parts.ts) instead of leaving the caller to wait it out.
const store = import('./log/parts.js').catch(() => null);
parentPort!.once('message', (message: Part) => {
  void store.then((loaded) => {
    const { job, shared, part } = message;
    if (loaded) return loaded.runPart(job, shared, part);
    const ctl = new Int32Array(shared, 0, 16);
    Atomics.store(ctl, 0, 1);
    Atomics.notify(ctl, 1);
  });
});
