import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { canonical, initialState, sha256Hex } from '@tickfold/core';
import { verifyRun } from '../index.js';
import { startCursor } from './cursor.js';
import { foldInParts, type PartOptions } from './parts.js';
import type { Anchor } from './spans.js';
import { nodeFileLayer, type FileLayer } from '../fileLayer.js';
import { readManifest } from '../run/manifest.js';
import { readPlanOf, recover, type RecoverOptions } from '../run/recover.js';
import { tempDir } from '../test-support/session.js';
import { copier, recordRun } from '../test-support/recorded.js';
import { anyDamage, append, applyDamage, flipByte, lineStarts, seg, segments } from '../test-support/damage.js';

// Two runs of two symbols over many small segments, with snapshots all along the log (the
// newest 3 and the anchors spread before them; fsync per tick, so each is written as it comes
// due): one ended, one stopped before SessionEnded.
const tmp = tempDir('tickfold-spans-');
afterAll(tmp.cleanup);
const runs: Record<string, string> = {};
beforeAll(async () => {
  for (const key of ['ended', 'open']) {
    runs[key] = join(tmp.dir, key);
    const run = { segmentMaxBytes: 30_000, snapshotEvery: 120, keepSnapshots: 3, policy: { kind: 'tick' } } as const;
    await recordRun(runs[key], { seed: 5, ticks: 120, symbols: ['QQQ', 'SPY'], ...(key === 'open' ? { stopAt: 110 } : {}), run });
  }
});

const copy = copier(tmp.dir);
const copyOf = (key: string): string => copy(runs[key]!);

const BY_POSITION = (threads: number): PartOptions => ({ threads, minBytes: 0, split: 'position' });
const ONE_SCAN = { threads: 1 };

/** recover's result, or the error it threw, as plain data to compare. */
function recovered(dir: string, options: RecoverOptions): unknown {
  try {
    return JSON.parse(JSON.stringify(recover(dir, nodeFileLayer, readManifest(dir, nodeFileLayer), options)));
  } catch (e) {
    return { threw: String(e) };
  }
}

/** Where a position split on `threads` threads starts its parts. */
function stopsOf(dir: string, threads: number): readonly Anchor[] {
  const plan = readPlanOf(dir, nodeFileLayer, BY_POSITION(threads));
  if (plan.split !== 'position') throw new Error(`no position split of ${dir} on ${threads} threads`);
  return plan.stops;
}

/** The position split alone, as recover starts it (every snapshot that passed its own checks claimed): null when it fell back. */
function splitRead(dir: string, threads: number, fsLayer: FileLayer = nodeFileLayer) {
  const manifest = readManifest(dir, nodeFileLayer);
  const { config } = manifest;
  const { anchors } = readPlanOf(dir, nodeFileLayer);
  const claims = anchors.map((a) => ({ name: a.name, seq: a.seq, stateHash: sha256Hex(canonical(a.state)) }));
  const genesis = { state: initialState(config, config.data.minBars), batch: [], open: 0, boundary: startCursor(), claims, proven: 0, snapshotSeq: null, unproven: [] };
  return foldInParts(dir, fsLayer, { config, configHash: manifest.configHash, rotation: manifest.rotation }, genesis, BY_POSITION(threads), anchors);
}

interface SnapshotBody {
  head: string;
  stateHash: string;
  position: { offset: number; line: number };
  state: { symbols: Record<string, { portfolio: { cash: number } }> };
}
const snapshotBody = (dir: string, anchor: Anchor): SnapshotBody => JSON.parse(fs.readFileSync(join(dir, 'snapshots', anchor.name), 'utf8')) as SnapshotBody;

/** A copy of the ended run whose snapshot where a split on two threads starts (`stop`) says what `lie` makes it say. */
function withLyingSnapshot(lie: (body: SnapshotBody) => void): { dir: string; stop: Anchor } {
  const dir = copyOf('ended');
  const stop = stopsOf(dir, 2)[0]!;
  const body = snapshotBody(dir, stop);
  lie(body);
  fs.writeFileSync(join(dir, 'snapshots', stop.name), JSON.stringify(body));
  return { dir, stop };
}

const expectOneScanResult = (dir: string, threads: number, options: RecoverOptions = {}): void => {
  expect(verifyRun(dir, { parallel: BY_POSITION(threads) })).toEqual(verifyRun(dir, { parallel: ONE_SCAN }));
  expect(recovered(dir, { ...options, parallel: BY_POSITION(threads) })).toEqual(recovered(dir, { ...options, parallel: ONE_SCAN }));
  expect(recovered(dir, { ...options, salvage: true, parallel: BY_POSITION(threads) })).toEqual(recovered(dir, { ...options, salvage: true, parallel: ONE_SCAN }));
};

describe('reading a log split by position at snapshots', () => {
  it('the runs have snapshots all along the log and many segments', () => {
    for (const dir of Object.values(runs)) {
      expect(segments(dir).length).toBeGreaterThan(6);
      expect(fs.readdirSync(join(dir, 'snapshots')).length).toBeGreaterThan(5);
    }
  });

  it.each([['ended', 2], ['ended', 3], ['ended', 4], ['open', 2], ['open', 3]] as const)(
    '%s session on %i threads: the same state, cursors, proofs, counts and head as one scan, without falling back to it',
    (key, threads) => {
      const dir = runs[key]!;
      expect(stopsOf(dir, threads).length).toBeGreaterThan(0);
      expect(splitRead(dir, threads)?.split).toBe('position');
      const split = recover(dir, nodeFileLayer, readManifest(dir, nodeFileLayer), { parallel: BY_POSITION(threads) });
      const one = recover(dir, nodeFileLayer, readManifest(dir, nodeFileLayer), { parallel: ONE_SCAN });
      expect(one.proven).toBeGreaterThan(5);
      expect(split).toEqual(one);
      expect(Object.isFrozen(split.state) && Object.isFrozen(Object.values(split.state.symbols)[0])).toBe(true);
      expect(verifyRun(dir, { parallel: BY_POSITION(threads) })).toEqual(verifyRun(dir, { parallel: ONE_SCAN }));
    },
  );

  it('a crash-torn last line (and an unfinished tick) after the split: the report one scan gives, the split kept', () => {
    const dir = copyOf('open');
    const last = seg(dir, segments(dir).at(-1)!);
    append(last, '{"h":"0123456789abcdef","e":{"type":"Tick');
    expect(splitRead(dir, 2)?.split).toBe('position');
    const report = verifyRun(dir, { parallel: BY_POSITION(2) });
    expect(report.tornTail).toBeDefined();
    expectOneScanResult(dir, 2);
  });

  // Where to flip a byte, given the snapshot S where the second thread's first part starts: a segment and a byte in it.
  const damageCases: [string, (dir: string, s: Anchor) => { segment: number; at: number }][] = [
    ['before the snapshot the second thread starts at, in the part this thread reads', (dir, s) => {
      const starts = lineStarts(seg(dir, segments(dir)[s.at.segment - 2]!));
      return { segment: s.at.segment - 1, at: starts[Math.floor(starts.length / 2)]! + 100 };
    }],
    ['in the line right after it, which the second thread reads first', (dir, s) =>
      s.at.offset + 50 < fs.statSync(seg(dir, segments(dir)[s.at.segment - 1]!)).size ? { segment: s.at.segment, at: s.at.offset + 50 } : { segment: s.at.segment + 1, at: 50 }],
    ["in the snapshot's own line", (dir, s) => ({ segment: s.at.segment, at: snapshotBody(dir, s).position.offset + 100 })],
  ];
  it.each(damageCases)('a byte flipped %s: the one-scan report (same code, seq, segment, byte), the split dropped', (_where, place) => {
    const dir = copyOf('ended');
    const stop = stopsOf(dir, 2)[0]!;
    expect(stop.at.segment).toBeGreaterThan(1);
    const { segment, at } = place(dir, stop);
    flipByte(seg(dir, segments(dir)[segment - 1]!), at);
    expect(splitRead(dir, 2)).toBeNull();
    const report = verifyRun(dir, { parallel: BY_POSITION(2) });
    expect(report.ok).toBe(false);
    expect(report.problem?.segment).toBe(segments(dir)[segment - 1]);
    expectOneScanResult(dir, 2);
  });

  it('a snapshot whose state lies (stateHash recomputed, so it passes its own checks) is caught: the split is dropped, the snapshot listed invalid', () => {
    const { dir, stop } = withLyingSnapshot((body) => {
      body.state.symbols.QQQ!.portfolio.cash += 1;
      body.stateHash = sha256Hex(canonical(body.state));
    });
    // It still looks like a place to start.
    expect(stopsOf(dir, 2)[0]!.name).toBe(stop.name);
    expect(splitRead(dir, 2)).toBeNull();
    const report = verifyRun(dir, { parallel: BY_POSITION(2) });
    expect(report.snapshots.invalid.map((s) => s.name)).toEqual([stop.name]);
    expectOneScanResult(dir, 2);
  });

  it("a snapshot whose head lies fails its own checks and is no place to start: the split falls at another, the report is one scan's", () => {
    const { dir, stop } = withLyingSnapshot((body) => void (body.head = body.head.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))));
    expect(stopsOf(dir, 2)[0]!.name).not.toBe(stop.name);
    expect(splitRead(dir, 2)?.split).toBe('position');
    const report = verifyRun(dir, { parallel: BY_POSITION(2) });
    expect(report.snapshots.invalid.map((s) => s.name)).toEqual([stop.name]);
    expectOneScanResult(dir, 2);
  });

  it("a snapshot whose line number lies (not covered by its own checks) does not end the part before it: the split is dropped, the report is one scan's", () => {
    const { dir } = withLyingSnapshot((body) => void (body.position.line += 1));
    expect(splitRead(dir, 2)).toBeNull();
    expectOneScanResult(dir, 2);
  });

  it('a head pinned at a seq before or after the split is found where it is; a wrong one is reported as one scan reports it', () => {
    const dir = runs.ended!;
    const stop = stopsOf(dir, 2)[0]!;
    const hashAt = (seq: number): string => {
      for (const name of segments(dir)) {
        for (const line of fs.readFileSync(seg(dir, name), 'utf8').split('\n')) if (line.includes(`"seq":${seq},`)) return (JSON.parse(line) as { h: string }).h;
      }
      throw new Error(`no seq ${seq}`);
    };
    for (const seq of [Math.floor(stop.seq / 2), stop.seq, stop.seq + 57]) {
      const head = { hash: hashAt(seq), seq };
      const split = verifyRun(dir, { parallel: BY_POSITION(2), head });
      expect(split.ok).toBe(true);
      expect(split).toEqual(verifyRun(dir, { parallel: ONE_SCAN, head }));
      const wrong = { hash: hashAt(seq + 1), seq };
      expect(verifyRun(dir, { parallel: BY_POSITION(2), head: wrong }).problem?.code).toBe('E_LOG_HEAD_MISMATCH');
      expect(verifyRun(dir, { parallel: BY_POSITION(2), head: wrong })).toEqual(verifyRun(dir, { parallel: ONE_SCAN, head: wrong }));
      expect(recovered(dir, { pinSeq: seq, parallel: BY_POSITION(2) })).toEqual(recovered(dir, { pinSeq: seq, parallel: ONE_SCAN }));
    }
  });

  it('damage of any kind anywhere, snapshots included: the report one scan gives', () => {
    fc.assert(
      fc.property(fc.constantFrom('ended', 'open'), fc.array(anyDamage, { minLength: 1, maxLength: 2 }), fc.integer({ min: 2, max: 3 }), (key, ds, threads) => {
        const dir = copyOf(key);
        for (const d of ds) applyDamage(dir, d);
        expectOneScanResult(dir, threads);
        fs.rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: 25 },
    );
  });

  it('a layer that counts the bytes read (a progress bar) is told of those the other threads read: it sees the whole log', () => {
    const dir = runs.ended!;
    let bytes = 0;
    const watched: FileLayer = {
      ...nodeFileLayer,
      read: (fd, b, o, l, p) => ((n) => ((bytes += n), n))(nodeFileLayer.read(fd, b, o, l, p)),
      readElsewhere: (n) => void (bytes += n),
    };
    expect(splitRead(dir, 3, watched)?.split).toBe('position');
    const before = segments(dir).slice(0, -1).reduce((sum, name) => sum + fs.statSync(seg(dir, name)).size, 0);
    // KiB by KiB from each other thread: at most a KiB short per thread.
    expect(bytes).toBeGreaterThan(before - 3 * 1024);
    bytes = 0;
    expect(verifyRun(dir, { fs: watched, parallel: BY_POSITION(2) })).toEqual(verifyRun(dir, { parallel: ONE_SCAN }));
    const all = segments(dir).reduce((sum, name) => sum + fs.statSync(seg(dir, name)).size, 0);
    expect(bytes).toBeGreaterThan(all - 2 * 1024);
  });
});
