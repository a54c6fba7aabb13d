// A thread of a parallel read of the log: see log/parts.ts.
import { workerData } from 'node:worker_threads';
import { runPart, type PartJob } from './log/parts.js';

const { job, shared, part } = workerData as { job: PartJob; shared: SharedArrayBuffer; part: number };
runPart(job, shared, part);
