import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { replayRun, verifyRun } from '@tickfold/event-store';
import { connectNats, fetchRun, openTickfoldNats, submitJob, type NatsConnection, type RunResultRecord, type TickfoldNats } from '@tickfold/nats';
import { JOBS_STREAM, startNatsServer, type TestNatsServer } from '@tickfold/nats/internal';
import { localRun, syntheticJob } from '../../../nats/src/test-support/runs.js';
import { json, tempDir, tickfold } from '../test-support/cli.js';
import { chunkCount, chunkMetas, queuedJobs, resultOf, spawnWorker, stopWorkers, until, type WorkerProcess } from '../test-support/natsWorkers.js';

describe('tickfold worker processes on a real nats-server', () => {
  let server: TestNatsServer;
  let nc: NatsConnection;
  let t: TickfoldNats;
  let workers: WorkerProcess[] = [];
  const cwd = tempDir('tickfold-nats-e2e-');
  const worker = async () => {
    const w = await spawnWorker(server.url, cwd);
    workers.push(w);
    return w;
  };
  /** A worker that has taken `job` and stored `chunks` chunks of it (the run is under way). */
  const workerInto = async (job: ReturnType<typeof syntheticJob>, chunks: number) => {
    const w = await worker();
    expect(await submitJob(t, job)).toBe('queued');
    await until(async () => (await chunkCount(t, job.runId)) >= chunks, 30_000, `${chunks} stored chunks`);
    return w;
  };
  const resultStored = (runId: string) => until(async () => (await resultOf(t, runId)) !== null, 60_000, `the result of ${runId}`);

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connectNats(server.url);
    t = await openTickfoldNats(nc, { ackWaitMs: 2_000 });
  });
  afterEach(async () => {
    await stopWorkers(...workers);
    workers = [];
    // A failed test must not leave its job to the next test's workers.
    await t.jsm.streams.purge(JOBS_STREAM);
  });
  afterAll(async () => {
    await nc?.close();
    await server?.stop();
  });

  it('a SIGKILLed worker\'s job is redelivered and resumed: contiguous seqs, the single-machine head', async () => {
    const job = syntheticJob('kill-resume', 1000, 21);
    const localDir = join(tempDir(), 'local');
    const localDone = localRun(job, localDir);
    const a = await workerInto(job, 3);
    a.child.kill('SIGKILL');
    await a.done;
    const before = await chunkCount(t, job.runId);
    expect(await resultOf(t, job.runId)).toBeNull();

    await worker();
    await resultStored(job.runId);
    const result = (await resultOf(t, job.runId)) as RunResultRecord;
    const local = await localDone;
    expect(result).toMatchObject({ status: 'done', head: local.head, events: local.events });
    const metas = await chunkMetas(t, job.runId);
    // Two writers, the second starting right after the first's last stored chunk (no duplicate, no gap).
    const writers = [...new Set(metas.map((m) => m.writer))];
    expect(writers).toHaveLength(2);
    const handover = metas.findIndex((m) => m.writer === writers[1]);
    // (A publish the killed worker had already sent may land after it died: at or after `before`.)
    expect(handover).toBeGreaterThanOrEqual(before);
    expect(metas.slice(handover).every((m) => m.writer === writers[1])).toBe(true);
    expect(metas[handover]!.firstSeq).toBe(metas[handover - 1]!.lastSeq + 1);
    expect(metas.at(-1)!.lastSeq).toBe(local.events);
    expect(await queuedJobs(t)).toBe(0);

    const fetched = join(cwd, 'fetched-kill');
    const out = await tickfold(['fetch', '--nats', server.url, job.runId, fetched], cwd);
    expect(out.code, out.stderr).toBe(0);
    expect(verifyRun(fetched).ok).toBe(true);
    const diff = await tickfold(['diff', fetched, localDir], cwd);
    expect(diff.code, diff.stdout + diff.stderr).toBe(0);
    expect(diff.stdout).toMatch(/identical/);
    const report = await tickfold(['report', fetched, '--json'], cwd);
    expect(report.code, report.stderr).toBe(0);
  });

  it('SIGSTOP past the ack deadline: another worker takes the job; after SIGCONT the late append is fenced and the first gives up', async () => {
    const job = syntheticJob('stop-fence', 1000, 22);
    const local = localRun(job, join(tempDir(), 'local'));
    const a = await workerInto(job, 3);
    a.child.kill('SIGSTOP');
    await worker();
    await resultStored(job.runId);
    a.child.kill('SIGCONT');
    await until(() => /stop-fence: gave up: E_NATS_FENCED/.test(a.stderr()), 20_000, 'the first worker giving up');
    expect(a.child.exitCode).toBeNull();

    expect(await resultOf(t, job.runId)).toMatchObject({ status: 'done', head: (await local).head });
    const writers = (await chunkMetas(t, job.runId)).map((m) => m.writer);
    // One block of the first worker's chunks, then only the second's: nothing of the late writer after the handover.
    const blocks = writers.filter((w, i) => i === 0 || w !== writers[i - 1]);
    expect(blocks).toHaveLength(2);
    expect(await queuedJobs(t)).toBe(0);
  });

  it('a live-polling session submitted as a job resumes on another worker after its worker dies', async () => {
    // The synthetic feed on the real clock makes its bars from `start`: start now. 25 ticks of 200 ms.
    writeFileSync(join(cwd, 'live.json'), JSON.stringify({ seed: 23, symbols: ['QQQ', 'SPY'], clock: { mode: 'real', stepMs: 200, start: new Date().toISOString() } }));
    const job = { runId: 'live' };
    const a = await worker();
    const submitted = await tickfold(['submit', '--nats', server.url, '--config', 'live.json', '--ticks', '25', '--id', 'live', '--json'], cwd);
    expect(submitted.code, submitted.stderr).toBe(0);
    expect(json(submitted)).toEqual({ run: 'live', submitted: 'queued' });
    // A live session stores every tick as it happens: kill the worker a few ticks in.
    await until(async () => (await chunkCount(t, job.runId)) >= 6, 30_000, '6 stored ticks');
    a.child.kill('SIGKILL');
    await a.done;
    await worker();
    await resultStored(job.runId);
    expect(await resultOf(t, job.runId)).toMatchObject({ status: 'done', ticks: 25 });
    expect(new Set((await chunkMetas(t, job.runId)).map((m) => m.writer)).size).toBe(2);
    const dir = join(cwd, 'fetched-live');
    const fetched = await fetchRun(t, job.runId, dir);
    expect(verifyRun(dir).ok).toBe(true);
    // Every derived event re-derives from the recorded inputs, across the handover.
    expect(replayRun(dir).head).toBe(fetched.head);
  });

  it('a job with an invalid config fails once, for good: its failure is the result and it is not redelivered', async () => {
    const job = { ...syntheticJob('bad-config', 10), config: { seed: -1, symbols: ['SPY'] } };
    const a = await worker();
    expect(await submitJob(t, job)).toBe('queued');
    await resultStored(job.runId);
    expect(await resultOf(t, job.runId)).toMatchObject({ status: 'failed', error: { code: expect.stringMatching(/^E_CONFIG/) } });
    await until(async () => (await queuedJobs(t)) === 0, 10_000, 'the job leaving the queue');
    expect(a.stderr().match(/bad-config: taken/g)).toHaveLength(1);
    // Submitting it again is a no-op: the run id has a result, its failure.
    expect(await submitJob(t, job)).toBe('failed');
  });
});
