import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RUNS_STREAM, runSubject } from './names.js';
import { verifyRun } from '@tickfold/event-store';
import { fetchRun } from './fetch.js';
import { runJob } from './runJob.js';
import { readRunLog } from './runLog.js';
import type { TickfoldNats } from './schema.js';
import { useNatsServer } from './test-support/nats.js';
import { filesOf, localRun, syntheticJob, tempDir } from './test-support/runs.js';

describe('a run made on NATS and fetched back', () => {
  const nats = useNatsServer();
  let t: TickfoldNats;
  beforeAll(async () => {
    ({ t } = nats);
  });

  it('is byte-identical to the local run of the same job, and verifies', async () => {
    // Small chunks and segments so the run spans many messages and several segments and snapshots.
    const job = syntheticJob('fetch-identical', 400, 11, {});
    const work = tempDir('work');
    const result = await runJob(t, job, { workDir: work, writer: 'test-writer', chunkBytes: 4096 });
    const localDir = join(tempDir('local'), 'run');
    const local = await localRun(job, localDir);
    expect(result.head).toBe(local.head);
    const fetchedDir = join(tempDir('fetched'), 'run');
    const fetched = await fetchRun(t, job.runId, fetchedDir);
    expect(fetched).toMatchObject({ head: local.head, events: local.events, ended: true });
    const a = filesOf(fetchedDir);
    const b = filesOf(localDir);
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [name, bytes] of b) expect(a.get(name)!.equals(bytes), name).toBe(true);
    expect(verifyRun(fetchedDir).ok).toBe(true);
    let chunks = 0;
    await readRunLog(t, job.runId, () => (chunks += 1));
    expect(chunks).toBeGreaterThan(5);
  });

  it('a log that lost its tail in the stream is refused against the stored result, and nothing is left behind', async () => {
    const job = syntheticJob('fetch-short', 200, 12);
    await runJob(t, job, { workDir: tempDir('work'), writer: 'test-writer', chunkBytes: 4096 });
    const last = await t.jsm.streams.getMessage(RUNS_STREAM, { last_by_subj: runSubject(job.runId) });
    await t.jsm.streams.deleteMessage(RUNS_STREAM, last!.seq);
    const dir = join(tempDir('fetched'), 'run');
    await expect(fetchRun(t, job.runId, dir)).rejects.toMatchObject({ code: 'E_NATS_LOG_SHORT' });
    expect(existsSync(dir)).toBe(false);
  });

  it('a run the server does not hold is E_NATS_RUN_NOT_FOUND, and no directory is made', async () => {
    const dir = join(tempDir('fetched'), 'run');
    await expect(fetchRun(t, 'no-such-run', dir)).rejects.toMatchObject({ code: 'E_NATS_RUN_NOT_FOUND' });
    expect(existsSync(dir)).toBe(false);
  });
});
