import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, readdirSync } from 'node:fs';
import { canonical, initialState } from '@tickfold/core';
import { nodeFileLayer } from '../fileLayer.js';
import { snapshotSeq, snapshotsDir } from '../layout.js';
import { configOf, tempDir } from '../test-support/session.js';
import { ANCHOR_SNAPSHOTS, retainedSeqs, writeSnapshot } from './write.js';

/** The seqs kept after each write of `writes` (ascending), pruning as writeSnapshot does. */
function afterWrites(writes: readonly number[], keep: number, anchors: number): number[] {
  let kept: number[] = [];
  for (const seq of writes) kept = retainedSeqs([...kept, seq], keep, anchors);
  return kept;
}

/** Ascending distinct seqs from the stretches between them. */
const writesOf = (steps: readonly number[]): number[] => steps.reduce<number[]>((seqs, step) => [...seqs, (seqs.at(-1) ?? 0) + step], []);

describe('which snapshots are kept', () => {
  it('after any sequence of writes: the newest `keep`, at most `anchors` older ones, and no gap wider than the bound', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5_000 }), { minLength: 1, maxLength: 120 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 10 }), (steps, keep, anchors) => {
        const writes = writesOf(steps);
        const kept = afterWrites(writes, keep, anchors);
        const newest = writes.slice(-keep);
        expect(kept.slice(-newest.length)).toEqual(newest);
        const older = kept.slice(0, kept.length - newest.length);
        expect(older.length).toBe(Math.min(anchors, writes.length - newest.length));
        // Every anchor is a snapshot that was written, in order.
        expect(older.every((seq, i) => writes.includes(seq) && (i === 0 || older[i - 1]! < seq))).toBe(true);
        const points = [0, ...older, newest[0]!];
        const widest = Math.max(...points.slice(1).map((seq, i) => seq - points[i]!));
        expect(widest).toBeLessThanOrEqual(Math.max(...steps, (2 * newest[0]!) / (anchors + 1)));
      }),
      { numRuns: 300 },
    );
  });

  it('snapshots written every 100 seqs, a thousand times: eight anchors spread along the log, no gap wider than two ninths of the stretch they cover', () => {
    const writes = writesOf(new Array<number>(1000).fill(100));
    const kept = afterWrites(writes, 3, ANCHOR_SNAPSHOTS);
    expect(kept.slice(-3)).toEqual([99_800, 99_900, 100_000]);
    const points = [0, ...kept.slice(0, -2)];
    const gaps = points.slice(1).map((seq, i) => seq - points[i]!);
    expect(gaps).toHaveLength(ANCHOR_SNAPSHOTS + 1);
    expect(Math.max(...gaps)).toBeLessThanOrEqual((2 * 99_800) / (ANCHOR_SNAPSHOTS + 1));
  });

  it('what is kept depends on the writes alone: the same writes keep the same snapshots', () => {
    const writes = writesOf([7, 300, 2, 2, 90, 1_000, 4, 4, 4, 55, 600, 1, 1, 1, 800, 20]);
    expect(afterWrites(writes, 2, 3)).toEqual(afterWrites(writes, 2, 3));
    // A tie between two drops goes to the older one.
    expect(retainedSeqs([10, 20, 30, 40], 1, 1)).toEqual([20, 40]);
  });

  const tmp = tempDir('tickfold-retention-');
  afterAll(tmp.cleanup);

  it('writeSnapshot leaves on disk exactly the snapshots retainedSeqs keeps', () => {
    const config = configOf(3);
    const state = initialState(config, config.data.minBars);
    const position = { segment: '000001.jsonl', offset: 0, end: 100, line: 1 };
    const written: number[] = [];
    mkdirSync(snapshotsDir(tmp.dir));
    for (let seq = 50; seq <= 2_000; seq += 50) {
      writeSnapshot(tmp.dir, nodeFileLayer, { seq, tick: state.tick, canonical: canonical({ ...state, seq }) }, 'a'.repeat(64), position, 3);
      written.push(seq);
      const onDisk = readdirSync(snapshotsDir(tmp.dir)).sort().map(snapshotSeq);
      expect(onDisk).toEqual(afterWrites(written, 3, ANCHOR_SNAPSHOTS));
    }
    expect(readdirSync(snapshotsDir(tmp.dir))).toHaveLength(3 + ANCHOR_SNAPSHOTS);
  });
});
