// The thread that reads a log ahead of a replay: see run/replayLines.ts.
import { workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { ReadJob } from './run/replayLines.js';

const { job, shared, port } = workerData as { job: ReadJob; shared: SharedArrayBuffer; port: MessagePort };
try {
  // Loaded here, not imported above: a thread that cannot load the store says so at once (slot 2
  // is `DONE` in run/replayLines.ts) instead of leaving the replay to wait it out.
  const { readOnThread } = await import('./run/replayLines.js');
  readOnThread(job, shared, port);
} catch {
  const ctl = new Int32Array(shared);
  Atomics.store(ctl, 2, 1);
  Atomics.notify(ctl, 0);
}
