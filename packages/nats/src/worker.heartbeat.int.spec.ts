import { beforeAll, describe, expect, it } from 'vitest';
import { submitJob } from './job.js';
import { readRunLog } from './runLog.js';
import type { TickfoldNats } from './schema.js';
import { until, useNatsServer } from './test-support/nats.js';
import { syntheticJob, tempDir } from './test-support/runs.js';
import { startWorker } from './worker.js';

describe('a long run on a worker', () => {
  // An ack wait far shorter than the run: only the worker's working() beats keep the job its own.
  const nats = useNatsServer({ ackWaitMs: 1_000 });
  let t: TickfoldNats;
  beforeAll(() => {
    ({ t } = nats);
  });

  it('keeps its job with working() heartbeats: an idle second worker never gets it', async () => {
    // A live session on a 100 ms clock: 40 ticks last at least 3.9 s whatever the machine's speed.
    const job = syntheticJob('long-run', 40, 41, { clock: { mode: 'real', stepMs: 100, start: new Date().toISOString() } });
    const lines: string[] = [];
    const workers = [1, 2].map((n) => startWorker(t, { workDir: tempDir(`hb${n}`), log: (l) => lines.push(`${n} ${l}`) }));
    const started = Date.now();
    expect(await submitJob(t, job)).toBe('queued');
    await until(async () => (await t.results.get(job.runId)) !== null, 120_000, 'the result');
    const tookMs = Date.now() - started;
    for (const w of workers) w.stop();
    await Promise.all(workers.map((w) => w.done));
    expect(tookMs).toBeGreaterThan(3_000);
    expect(lines.filter((l) => /long-run: taken/.test(l))).toHaveLength(1);
    const writers = new Set<string>();
    await readRunLog(t, job.runId, (_r, m) => writers.add(m.writer));
    expect(writers.size).toBe(1);
  });
});
