import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import type { RunResult } from '@tickfold/core';
import { createRun, openRun, type DurabilityPolicy } from '../index.js';
import { Crash, FaultyFs, type CrashMode } from '../test-support/faultyFs.js';
import { lastDurableBoundary } from '../test-support/durablePrefix.js';
import { CREATED_AT, configOf, referenceSession, runSession, tempDir } from '../test-support/session.js';

const SEED = 21;
const TICKS = 30;
const tmp = tempDir('tickfold-crash-');
afterAll(tmp.cleanup);

const storeOptions = (policy: DurabilityPolicy) => ({ config: configOf(SEED), createdAt: CREATED_AT, policy, segmentMaxBytes: 6_000, snapshotEvery: 40 });

/** Runs the session on a faulty file layer that crashes at write `n`; returns the layer and whether it crashed. */
async function crashAt(dir: string, n: number, mode: CrashMode, policy: DurabilityPolicy): Promise<{ fs: FaultyFs; crashed: boolean; acked: number }> {
  let clock = 0;
  let acked = 0;
  const fs = new FaultyFs(n, mode, `seed-${n}`);
  // Sinks run in order: this one sees a batch only once the writer returned from it.
  const ack = { write: (records: readonly { event: { seq: number } }[]) => void (acked = records.at(-1)?.event.seq ?? acked) };
  try {
    const writer = createRun({ dir, ...storeOptions(policy), fs, nowMs: () => (clock += 10) });
    await runSession({ seed: SEED, ticks: TICKS, sinks: [writer, ack] });
    writer.close();
    return { fs, crashed: false, acked };
  } catch (e) {
    if (!(e instanceof Crash)) throw e;
    fs.crash();
    return { fs, crashed: true, acked };
  }
}

describe('crash at every write', async () => {
  const ref = await referenceSession(SEED, TICKS);
  const cases: [CrashMode, DurabilityPolicy][] = [
    ['drop', { kind: 'tick' }],
    ['tear', { kind: 'tick' }],
    ['zero', { kind: 'tick' }],
    ['drop', { kind: 'interval', ms: 50 }],
    ['drop', { kind: 'close' }],
  ];

  it.each(cases)('%s mode, %o policy: recovery keeps what was durable and a resume reaches the uninterrupted head', async (mode, policy) => {
    let n = 0;
    let checked = 0;
    // Every write for the default policy; every other write for the rest, to keep the suite fast.
    const step = policy.kind === 'tick' && mode !== 'zero' ? 1 : 2;
    for (;;) {
      n += step;
      const dir = join(tmp.dir, `${mode}-${policy.kind}-${n}`);
      const { fs, crashed, acked } = await crashAt(dir, n, mode, policy);
      if (!crashed) break;
      let run;
      try {
        run = openRun(dir, { forWrite: true, fs: new FaultyFs() });
      } catch (e) {
        // Crashed before the manifest became durable: nothing of the run exists yet.
        expect((e as Error).message).toMatch(/E_RUN_NOT_FOUND/);
        expect(lastDurableBoundary(dir, fs.durableSizes())).toBe(0);
        continue;
      }
      const durable = lastDurableBoundary(dir, fs.durableSizes());
      // The batch policy's promise: every batch the writer returned from survives.
      if (policy.kind === 'tick') expect(durable, `crash at write ${n}`).toBeGreaterThanOrEqual(acked);
      if (mode === 'drop') expect(run.seq, `crash at write ${n}`).toBe(durable);
      else expect(run.seq, `crash at write ${n}`).toBeGreaterThanOrEqual(durable);
      if (run.seq > 0) expect(run.head).toBe(ref.hashAt(run.seq));
      if (run.ended) {
        // SessionEnded was durable (the crash hit the final snapshot): nothing to resume.
        expect(run.state).toEqual(ref.result.state);
        expect(run.writer).toBeUndefined();
        checked += 1;
        continue;
      }
      const result: RunResult = await runSession({ seed: SEED, ticks: TICKS, sinks: [run.writer!], resume: run.resume });
      run.writer!.close();
      expect(result.head, `crash at write ${n}`).toBe(ref.result.head);
      const reopened = openRun(dir);
      expect(reopened.state).toEqual(ref.result.state);
      expect(reopened.head).toBe(ref.result.head);
      rmSync(dir, { recursive: true, force: true });
      checked += 1;
    }
    expect(checked).toBeGreaterThan(policy.kind === 'tick' ? TICKS / step : 1);
  });
});
