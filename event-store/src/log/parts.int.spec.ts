import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { initialState } from '@tickfold/core';
import { verifyRun } from '../index.js';
import { startCursor } from './cursor.js';
import { foldInParts, foldPartsInTurn, startPartThreads } from './parts.js';
import { nodeFileLayer, type FileLayer } from '../fileLayer.js';
import { readManifest } from '../run/manifest.js';
import { recover, type RecoverOptions } from '../run/recover.js';
import { tempDir } from '../test-support/session.js';
import { copier, recordRun } from '../test-support/recorded.js';
import { anyDamage, applyDamage, seg, segments } from '../test-support/damage.js';

// Healthy runs of 1 to 3 symbols over several UTC days of hourly ticks: a segment a day (and
// more under the small size limit), snapshots kept along the way.
const tmp = tempDir('tickfold-parts-');
afterAll(tmp.cleanup);
const runs: Record<string, string> = {};
const SYMBOLS: Record<string, string[]> = { one: ['SPY'], two: ['QQQ', 'SPY'], three: ['AAA', 'QQQ', 'SPY'] };
beforeAll(async () => {
  for (const [key, symbols] of Object.entries(SYMBOLS)) {
    runs[key] = join(tmp.dir, key);
    // Stopped before SessionEnded for `three`, so its log ends in an open session.
    await recordRun(runs[key], { seed: 11, ticks: 100, symbols, ...(key === 'three' ? { stopAt: 90 } : {}), run: { segmentMaxBytes: 40_000, snapshotEvery: 150, keepSnapshots: 3 } });
  }
});

const copy = copier(tmp.dir);
const copyOf = (key: string): string => copy(runs[key]!);

const PARALLEL = (threads: number) => ({ threads, minBytes: 0 });
const ONE_SCAN = { threads: 1 };

/** recover's result, or the error it threw, as plain data to compare. */
function recovered(dir: string, options: RecoverOptions): unknown {
  try {
    const r = recover(dir, nodeFileLayer, readManifest(dir, nodeFileLayer), options);
    return JSON.parse(JSON.stringify(r));
  } catch (e) {
    return { threw: String(e) };
  }
}

describe('reading a log on several threads', () => {
  it.each([['one', 2], ['one', 3], ['two', 2], ['three', 2], ['three', 4]] as const)(
    '%s symbol(s) on %i threads: the same state, cursors, proofs and head as one scan, without falling back to it',
    (key, threads) => {
      const dir = runs[key]!;
      expect(segments(dir).length).toBeGreaterThan(3);
      const parts = recover(dir, nodeFileLayer, readManifest(dir, nodeFileLayer), { parallel: PARALLEL(threads) });
      const one = recover(dir, nodeFileLayer, readManifest(dir, nodeFileLayer), { parallel: ONE_SCAN });
      expect(one.proven).toBeGreaterThan(0);
      expect(parts).toEqual(one);
      expect(Object.isFrozen(parts.state) && Object.isFrozen(Object.values(parts.state.symbols)[0])).toBe(true);
      // The parallel read did its part, not the one scan after a fallback.
      const manifest = readManifest(dir, nodeFileLayer);
      const { config } = manifest;
      const genesis = { state: initialState(config, config.data.minBars), batch: [], open: 0, boundary: startCursor(), claims: [], proven: 0, snapshotSeq: null, unproven: [] };
      const prefix = foldInParts(dir, nodeFileLayer, { config, configHash: manifest.configHash, rotation: manifest.rotation }, genesis, PARALLEL(threads));
      expect(prefix?.from.segment).toBe(segments(dir).length - 1);
      expect(verifyRun(dir, { parallel: PARALLEL(threads) })).toEqual(verifyRun(dir, { parallel: ONE_SCAN }));
    },
  );

  const setupOf = (dir: string) => {
    const manifest = readManifest(dir, nodeFileLayer);
    const { config } = manifest;
    const genesis = { state: initialState(config, config.data.minBars), batch: [], open: 0, boundary: startCursor(), claims: [], proven: 0, snapshotSeq: null, unproven: [] };
    return { setup: { config, configHash: manifest.configHash, rotation: manifest.rotation }, genesis };
  };

  it('the lines every thread folds go to whichever thread claims their block: any claims give the read the threads give', () => {
    const threadedRead = new Map<string, unknown>();
    fc.assert(
      fc.property(fc.constantFrom('one', 'three'), fc.integer({ min: 2, max: 3 }), fc.array(fc.nat(3), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 40 }), (key, threads, claimed, blockLines) => {
        const dir = runs[key]!;
        const { setup, genesis } = setupOf(dir);
        const threaded = threadedRead.get(`${key}/${threads}`) ?? foldInParts(dir, nodeFileLayer, setup, genesis, PARALLEL(threads));
        threadedRead.set(`${key}/${threads}`, threaded);
        expect(threaded).not.toBeNull();
        // Blocks past the slots go by seq; unclaimed ones (0) to the part that reads first.
        const slots = Int32Array.from(claimed, (c) => Math.min(c, threads));
        expect(foldPartsInTurn(dir, nodeFileLayer, setup, genesis, threads, slots, blockLines)).toEqual(threaded);
        // SessionStarted (seq 1), folded by every thread, is in a block that someone claimed.
        const first = Math.floor(1 / blockLines);
        if (first < slots.length) expect(slots[first]).toBeGreaterThan(0);
      }),
      { numRuns: 20 },
    );
  });

  it('a damaged Heartbeat is found whichever thread claimed its block (only its owner reads more than its tail)', () => {
    const dir = copyOf('two');
    const path = seg(dir, segments(dir)[1]!);
    const lines = fs.readFileSync(path, 'latin1').split('\n');
    const beat = lines.findIndex((l) => l.includes('"type":"Heartbeat"'));
    fs.writeFileSync(path, lines.map((l, i) => (i === beat ? l.replace('"equity":', '"equity" :') : l)).join('\n'), 'latin1');
    const { setup, genesis } = setupOf(dir);
    for (const owner of [0, 1, 2]) expect(() => foldPartsInTurn(dir, nodeFileLayer, setup, genesis, 2, new Int32Array(200).fill(owner), 4)).toThrow();
    expect(foldInParts(dir, nodeFileLayer, setup, genesis, PARALLEL(2))).toBeNull();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('threads start ahead only for a read that will be split; a part goes to one of them, and close ends those no part took', () => {
    const dir = runs['two']!;
    const { setup, genesis } = setupOf(dir);
    expect(startPartThreads(dir, nodeFileLayer, ONE_SCAN)).toBeNull();
    // A short log (below the default 16 MB before its last segment) is read in one scan.
    expect(startPartThreads(dir, nodeFileLayer, { threads: 2 })).toBeNull();
    const ahead = startPartThreads(dir, nodeFileLayer, PARALLEL(3))!;
    try {
      expect(ahead.waiting).toBe(2);
      const taken = foldInParts(dir, nodeFileLayer, setup, genesis, PARALLEL(2), [], ahead);
      // A read that failed (a thread started ahead that never took its part) falls back to null: not that.
      expect(taken).not.toBeNull();
      expect(taken).toEqual(foldInParts(dir, nodeFileLayer, setup, genesis, PARALLEL(2)));
      expect(ahead.waiting).toBe(1);
    } finally {
      ahead.close();
    }
    expect(ahead.waiting).toBe(0);
  });

  it('with no thread count it starts on every core and counts the free ones meanwhile: whichever way that goes, the read equals one scan', () => {
    const dir = runs.three!;
    for (let i = 0; i < 3; i++) expect(recovered(dir, { parallel: { minBytes: 0 } })).toEqual(recovered(dir, { parallel: ONE_SCAN }));
  });

  it('through a layer that watches the reads (a progress bar), this thread still reads every byte of the log', () => {
    const dir = runs['two']!;
    let bytes = 0;
    const watched: FileLayer = { ...nodeFileLayer, read: (fd, b, o, l, p) => ((n) => ((bytes += n), n))(nodeFileLayer.read(fd, b, o, l, p)) };
    const report = verifyRun(dir, { fs: watched, parallel: PARALLEL(2) });
    expect(report).toEqual(verifyRun(dir, { parallel: ONE_SCAN }));
    const logBytes = segments(dir).reduce((sum, name) => sum + fs.statSync(seg(dir, name)).size, 0);
    expect(bytes).toBeGreaterThanOrEqual(logBytes);
    // The watching layer is still the files on disk (`onDisk`, spread from nodeFileLayer): the parallel part runs through it.
    const manifest = readManifest(dir, nodeFileLayer);
    const { config } = manifest;
    const genesis = { state: initialState(config, config.data.minBars), batch: [], open: 0, boundary: startCursor(), claims: [], proven: 0, snapshotSeq: null, unproven: [] };
    expect(foldInParts(dir, watched, { config, configHash: manifest.configHash, rotation: manifest.rotation }, genesis, PARALLEL(2))).not.toBeNull();
  });

  it('a head pinned at a seq inside the parallel part is found there', () => {
    const dir = runs['two']!;
    const { head } = verifyRun(dir, { parallel: ONE_SCAN });
    const at = JSON.parse(fs.readFileSync(seg(dir, segments(dir)[1]!), 'utf8').split('\n')[5]!) as { h: string; e: { seq: number } };
    const pinned = verifyRun(dir, { parallel: PARALLEL(2), head: { hash: at.h, seq: at.e.seq } });
    expect(pinned.ok).toBe(true);
    expect(verifyRun(dir, { parallel: PARALLEL(2), head: { hash: head, seq: at.e.seq } }).problem?.code).toBe('E_LOG_HEAD_MISMATCH');
  });

  // Damage of every kind, anywhere: the parallel read must end in the report the one scan gives.
  it('damage anywhere is reported as one scan reports it: same code, seq, segment, byte, snapshots and state', () => {
    fc.assert(
      fc.property(fc.constantFrom('one', 'two', 'three'), fc.array(anyDamage, { minLength: 1, maxLength: 2 }), fc.integer({ min: 2, max: 3 }), (key, ds, threads) => {
        const dir = copyOf(key);
        for (const d of ds) applyDamage(dir, d);
        expect(verifyRun(dir, { parallel: PARALLEL(threads) })).toEqual(verifyRun(dir, { parallel: ONE_SCAN }));
        expect(recovered(dir, { salvage: true, parallel: PARALLEL(threads) })).toEqual(recovered(dir, { salvage: true, parallel: ONE_SCAN }));
        expect(recovered(dir, { parallel: PARALLEL(threads) })).toEqual(recovered(dir, { parallel: ONE_SCAN }));
        fs.rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: 30 },
    );
  });
});
