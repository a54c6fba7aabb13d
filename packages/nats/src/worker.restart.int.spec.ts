import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { submitJob } from './job.js';
import { readRunLog } from './runLog.js';
import type { ResultRecord } from './runJob.js';
import type { TickfoldNats } from './schema.js';
import type { TestNatsServer } from './localServer.js';
import { chunkCount, until, useNatsServer } from './test-support/nats.js';
import { localRun, syntheticJob, tempDir } from './test-support/runs.js';
import { startWorker } from './worker.js';

describe('a worker across a nats-server restart', () => {
  const nats = useNatsServer({ ackWaitMs: 2_000 });
  let server: TestNatsServer;
  let t: TickfoldNats;
  beforeAll(async () => {
    ({ server, t } = nats);
  });

  it('a server SIGKILLed and restarted on the same store mid-run: the run completes with the single-machine head', async () => {
    const job = syntheticJob('server-restart', 1000, 31);
    const local = localRun(job, join(tempDir('local'), 'run'));
    const lines: string[] = [];
    const worker = startWorker(t, { workDir: tempDir('work'), log: (l) => lines.push(l) });
    expect(await submitJob(t, job)).toBe('queued');
    await until(async () => (await chunkCount(t, job.runId)) >= 3, 30_000, 'three stored chunks');
    await server.kill();
    const killedAt = lines.length;
    await new Promise((r) => setTimeout(r, 300));
    await server.restart();
    await until(async () => (await t.results.get(job.runId)) !== null, 60_000, `the result (worker said: ${lines.join(' | ')})`);
    worker.stop();
    await worker.done;
    // The run was in progress when the server died: its result came after the restart.
    expect(lines.slice(0, killedAt).some((l) => /server-restart: done/.test(l))).toBe(false);
    const result = JSON.parse((await t.results.get(job.runId))!.string()) as ResultRecord;
    expect(result).toMatchObject({ status: 'done', head: (await local).head, events: (await local).events });
    // The stored log reads back whole: every chunk continues the seq and the chain.
    const at = await readRunLog(t, job.runId, () => undefined);
    expect(at.head).toBe((await local).head);
  });
});
