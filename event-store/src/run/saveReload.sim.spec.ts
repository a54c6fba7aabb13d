import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { join } from 'node:path';
import { createRun, openRun } from '../index.js';
import { CREATED_AT, configOf, referenceSession, runSession, tempDir } from '../test-support/session.js';
import { segmentFiles } from '../test-support/files.js';
import { FaultyFs } from '../test-support/faultyFs.js';

const tmp = tempDir('tickfold-reload-');
afterAll(tmp.cleanup);
let runs = 0;

describe('save → reload', () => {
  it('random sessions, stopped anywhere and resumed, reload to the uninterrupted state and head, with identical segment files', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 0, max: 10_000 }),
          ticks: fc.integer({ min: 1, max: 40 }),
          stopAt: fc.integer({ min: 0, max: 40 }),
          segmentMaxBytes: fc.integer({ min: 1024, max: 40_000 }),
          snapshotEvery: fc.integer({ min: 0, max: 120 }),
          symbols: fc.constantFrom<string[]>(['SPY'], ['QQQ', 'SPY'], ['AAPL', 'MSFT', 'SPY']),
        }),
        async ({ seed, ticks, stopAt, segmentMaxBytes, snapshotEvery, symbols }) => {
          const ref = await referenceSession(seed, ticks, symbols);
          // Content, not durability, is under test here: the modelled file layer skips real fsyncs.
          const options = { config: configOf(seed, symbols), createdAt: CREATED_AT, segmentMaxBytes, snapshotEvery, fs: new FaultyFs() };
          const whole = join(tmp.dir, `whole-${++runs}`);
          const w = createRun({ dir: whole, ...options });
          await runSession({ seed, ticks, symbols, sinks: [w] });
          w.close();
          const reloaded = openRun(whole);
          expect(reloaded.state).toEqual(ref.result.state);
          expect(reloaded.head).toBe(ref.result.head);

          const parts = join(tmp.dir, `parts-${runs}`);
          const first = createRun({ dir: parts, ...options });
          let engine: { stop(): void } | undefined;
          const stop = { write: (_r: unknown, s: { tick: number }) => void (s.tick >= stopAt && engine!.stop()) };
          await runSession({ seed, ticks, symbols, sinks: [first, stop], onEngine: (e) => (engine = e) });
          first.close();
          const run = openRun(parts, { forWrite: true, fs: options.fs });
          if (run.writer) {
            await runSession({ seed, ticks, symbols, sinks: [run.writer], resume: run.resume });
            run.writer.close();
          }
          const resumed = openRun(parts);
          expect(resumed.head).toBe(ref.result.head);
          expect(resumed.state).toEqual(ref.result.state);
          expect(segmentFiles(parts)).toEqual(segmentFiles(whole));
        },
      ),
      { numRuns: 15, seed: 20261124 },
    );
  });
});
