// A thread of a parallel read of the log: see log/parts.ts. It loads the store at once and then
// waits for its job, which the caller sends once it knows how many threads to use.
import { parentPort, workerData } from 'node:worker_threads';
import type { PartJob } from './log/parts.js';

const { shared, part } = workerData as { shared: SharedArrayBuffer; part: number };
const failed = (): void => {
  const ctl = new Int32Array(shared, 0, 16);
  Atomics.store(ctl, 0, 1);
  Atomics.notify(ctl, 1);
};
try {
  // Loaded here, not imported above: a thread that cannot load the store says so at once
  // (slot 0 is `STOP` in log/parts.ts) instead of leaving the caller to wait it out.
  const { runPart } = await import('./log/parts.js');
  parentPort!.once('message', (job: PartJob) => {
    parentPort!.close();
    runPart(job, shared, part);
  });
} catch {
  failed();
}
