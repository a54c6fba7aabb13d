import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createRun, nodeFileLayer, openRun, verifyRun, type FileLayer } from '../index.js';
import { CREATED_AT, configOf, referenceSession, runSession, tempDir } from '../test-support/session.js';

const tmp = tempDir('tickfold-full-');
afterAll(tmp.cleanup);

/** The real file layer on a disk that holds `budget` more bytes: the write that overflows it is cut short and fails ENOSPC. */
function diskOf(budget: number): FileLayer {
  let left = budget;
  const enospc = (path: string) => Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC', errno: -28, syscall: 'write', path });
  return {
    ...nodeFileLayer,
    write(fd, buffer, offset, length) {
      const n = Math.min(length, left);
      if (n > 0) nodeFileLayer.write(fd, buffer, offset, n);
      left -= n;
      if (n < length) throw enospc(`fd ${fd}`);
    },
    writeFileAtomic(path, data) {
      const size = Buffer.byteLength(data);
      if (size > left) throw enospc(path);
      left -= size;
      nodeFileLayer.writeFileAtomic(path, data);
    },
  };
}

describe('a full disk', () => {
  it('stops the run with the system error, and once space is free the run resumes to the uninterrupted head', async () => {
    const ticks = 40;
    const ref = await referenceSession(8, ticks);
    // Budgets that run out during creation, in the first ticks, mid-session and near the end.
    let resumed = 0;
    for (const budget of [3_000, 20_000, 40_000, 60_000, 80_000]) {
      const dir = join(tmp.dir, `full-${budget}`);
      let failed: unknown;
      try {
        const writer = createRun({ dir, config: configOf(8), createdAt: CREATED_AT, fs: diskOf(budget), snapshotEvery: 100 });
        try {
          await runSession({ seed: 8, ticks, sinks: [writer] });
        } finally {
          writer.close();
        }
      } catch (e) {
        failed = e;
      }
      expect(failed, `budget ${budget}`).toBeDefined();
      const code = (failed as { code?: string }).code;
      expect(['ENOSPC', 'E_RUN_WRITER_FAILED'], `budget ${budget}: ${String(failed)}`).toContain(code);
      let run;
      try {
        run = openRun(dir, { forWrite: true });
      } catch (e) {
        // Out of space before the run directory was complete: it does not exist, start afresh.
        expect((e as Error).message, `budget ${budget}`).toMatch(/^E_RUN_NOT_FOUND/);
        continue;
      }
      if (run.ended) {
        // The disk filled while the final snapshot was written: SessionEnded was already on disk.
        expect(run.head, `budget ${budget}`).toBe(ref.result.head);
        continue;
      }
      resumed += 1;
      const done = await runSession({ seed: 8, ticks, sinks: [run.writer!], ...(run.resume ? { resume: run.resume } : {}) });
      run.writer!.close({ state: done.state, head: done.head });
      expect(done.head, `budget ${budget}`).toBe(ref.result.head);
      expect(verifyRun(dir)).toMatchObject({ ok: true, head: ref.result.head, ended: true });
    }
    expect(resumed).toBeGreaterThanOrEqual(3);
  });
});
