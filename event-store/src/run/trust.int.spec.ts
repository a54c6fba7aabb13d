import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { canonical, sha256Hex, type RunResult } from '@tickfold/core';
import { createRun, openRun, readRun, replayRun, verifyRun } from '../index.js';
import { CREATED_AT, configOf, referenceSession, runSession, tempDir } from '../test-support/session.js';
import { duplicateLine, lineStarts, rechain, seg, segments } from '../test-support/damage.js';

// A finished run over several segments with snapshots along the way and one at the end; each
// test damages a fresh copy as a disk, a person or a forger would.
const tmp = tempDir('tickfold-trust-');
const pristine = join(tmp.dir, 'pristine');
let result: RunResult;
let copies = 0;
afterAll(tmp.cleanup);
beforeAll(async () => {
  const writer = createRun({ dir: pristine, config: configOf(9), createdAt: CREATED_AT, segmentMaxBytes: 16_000, snapshotEvery: 120, policy: { kind: 'tick' } });
  result = await runSession({ seed: 9, ticks: 60, sinks: [writer] });
  writer.close({ state: result.state, head: result.head });
});
const copy = (): string => {
  const dir = join(tmp.dir, `copy-${++copies}`);
  fs.cpSync(pristine, dir, { recursive: true });
  return dir;
};
const firstSeqOf = (path: string): number => JSON.parse(fs.readFileSync(path, 'utf8').split('\n')[0]!).e.seq;
const snapshotFiles = (dir: string) => fs.readdirSync(join(dir, 'snapshots')).sort();

/** Every reader refuses the run, naming `code` and the first missing seq; never "seq NaN". */
function refusedEverywhere(dir: string, code: string, seq: number) {
  const report = verifyRun(dir);
  expect(report.ok).toBe(false);
  expect(report.problem).toMatchObject({ code, seq });
  expect(report.problem!.message).not.toMatch(/NaN/);
  for (const read of [() => openRun(dir), () => openRun(dir, { forWrite: true }), () => [...readRun(dir)], () => replayRun(dir)]) {
    expect(read).toThrow(new RegExp(`^${code}: at seq ${seq} `));
  }
  expect(fs.existsSync(join(dir, 'writer.lock'))).toBe(false);
}

describe('lost log is reported with the first missing seq and never simulated again', () => {
  it('the run has several segments and snapshots to lose', () => {
    expect(segments(pristine).length).toBeGreaterThan(3);
    expect(snapshotFiles(pristine).length).toBeGreaterThan(1);
  });

  it('deleting each segment in turn is refused by verify, open, resume, read and replay', () => {
    const names = segments(pristine);
    names.forEach((name, i) => {
      const dir = copy();
      const first = firstSeqOf(seg(dir, name));
      fs.unlinkSync(seg(dir, name));
      refusedEverywhere(dir, i === names.length - 1 ? 'E_LOG_LOST' : 'E_LOG_SEGMENT_MISSING', first);
    });
  });

  it('cutting the last segment back by whole lines, one to all of them, is E_LOG_LOST at the first missing seq', () => {
    const last = segments(pristine).at(-1)!;
    const lines = lineStarts(seg(pristine, last)).length;
    for (let cut = 1; cut <= lines; cut++) {
      const dir = copy();
      const path = seg(dir, last);
      const starts = lineStarts(path);
      const keep = starts.length - cut;
      const firstLost = firstSeqOf(path) + keep;
      fs.truncateSync(path, keep === 0 ? 0 : starts[keep]!);
      refusedEverywhere(dir, 'E_LOG_LOST', firstLost);
    }
  });

  it('salvage resumes a run that lost its end from what is left, and says so', async () => {
    const dir = copy();
    const last = segments(dir).at(-1)!;
    const starts = lineStarts(seg(dir, last));
    fs.truncateSync(seg(dir, last), starts[3]!);
    const run = openRun(dir, { forWrite: true, salvage: true });
    expect(run.warnings.join('\n')).toMatch(/salvage: E_LOG_LOST at seq \d+/);
    expect(fs.readdirSync(join(dir, 'broken')).some((n) => n.startsWith('snapshot-'))).toBe(true);
    const done = await runSession({ seed: 9, ticks: 60, sinks: [run.writer!], ...(run.resume ? { resume: run.resume } : {}) });
    run.writer!.close({ state: done.state, head: done.head });
    expect(done.head).toBe(result.head); // the lost ticks of a deterministic feed come out the same
    expect(verifyRun(dir)).toMatchObject({ ok: true, head: result.head });
  });
});

describe('a snapshot is used only once the log proves it', () => {
  /** The newest snapshot with SPY's cash changed and its own stateHash recomputed: self-consistent, false. */
  function forge(dir: string, name = snapshotFiles(dir).at(-1)!): string {
    const path = join(dir, 'snapshots', name);
    const s = JSON.parse(fs.readFileSync(path, 'utf8'));
    s.state.symbols.SPY.portfolio.cash += 1000;
    s.stateHash = sha256Hex(canonical(s.state));
    fs.writeFileSync(path, JSON.stringify(s));
    return name;
  }

  it('each forged snapshot is named by verify and refused by resume; reading never takes its state', async () => {
    for (const name of snapshotFiles(pristine)) {
      const dir = copy();
      forge(dir, name);
      const report = verifyRun(dir);
      expect(report.ok).toBe(false);
      expect(report.snapshots.invalid).toEqual([{ name, reason: expect.stringMatching(/not the fold of the log/) }]);
      expect(openRun(dir).state).toEqual(result.state);
    }
    // An ended run takes no writer, so resume is tried on a run stopped at its newest snapshot.
    const ref = await referenceSession(6, 30);
    const dir = join(tmp.dir, 'open-forged');
    const writer = createRun({ dir, config: configOf(6), createdAt: CREATED_AT, snapshotEvery: 40 });
    let engine: { stop(): void } | undefined;
    const stopped = await runSession({ seed: 6, ticks: 30, sinks: [writer, { write: (_r, s) => void (s.tick === 20 && engine!.stop()) }], onEngine: (e) => (engine = e) });
    writer.close({ state: stopped.state, head: stopped.head });
    const name = forge(dir);
    expect(() => openRun(dir, { forWrite: true })).toThrow(/^E_SNAPSHOT_INVALID: .*not the fold of the log/);
    const run = openRun(dir, { forWrite: true, salvage: true });
    expect(run.warnings.join('\n')).toContain(`salvage: moved snapshot ${name} to`);
    const done = await runSession({ seed: 6, ticks: 30, sinks: [run.writer!], resume: run.resume });
    run.writer!.close({ state: done.state, head: done.head });
    expect(done.head).toBe(ref.result.head);
    expect(done.state).toEqual(ref.result.state);
  });
});

describe('resume refuses damage before a newer snapshot; salvage keeps the valid prefix', () => {
  /** A run stopped at tick 40 of 60 with a snapshot at its end, so damage sits before a newer snapshot. */
  async function stopped() {
    const dir = join(tmp.dir, `stopped-${++copies}`);
    const writer = createRun({ dir, config: configOf(9), createdAt: CREATED_AT, segmentMaxBytes: 16_000, snapshotEvery: 0 });
    let engine: { stop(): void } | undefined;
    const r = await runSession({ seed: 9, ticks: 60, sinks: [writer, { write: (_r, s) => void (s.tick === 40 && engine!.stop()) }], onEngine: (e) => (engine = e) });
    writer.close({ state: r.state, head: r.head });
    return dir;
  }
  const damages: [string, (path: string) => void][] = [
    ['a flipped byte', (p) => fs.writeFileSync(p, ((b) => ((b[lineStarts(p)[4]! + 100]! ^= 1), b))(fs.readFileSync(p)))],
    ['two lines swapped', (p) => { const l = fs.readFileSync(p, 'utf8').split('\n'); [l[3], l[4]] = [l[4]!, l[3]!]; fs.writeFileSync(p, l.join('\n')); }],
    ['a zeroed hole', (p) => fs.writeFileSync(p, ((b) => b.fill(0, lineStarts(p)[4]!, lineStarts(p)[6]!))(fs.readFileSync(p)))],
    ['a duplicated line', (p) => duplicateLine(p, 4)],
  ];
  it.each(damages)('%s in the first segment', async (_what, damage) => {
    const dir = await stopped();
    damage(seg(dir, segments(dir)[0]!));
    expect(verifyRun(dir).ok).toBe(false);
    expect(() => openRun(dir, { forWrite: true })).toThrow(/^E_LOG_/);
    const before = fs.readdirSync(join(dir, 'events')).map((n) => fs.statSync(seg(dir, n)).size);
    expect(before.length).toBeGreaterThan(1); // nothing was cut by the refusal
    const run = openRun(dir, { forWrite: true, salvage: true });
    expect(run.warnings.join('\n')).toMatch(/salvage: E_LOG_\w+ at seq \d+/);
    expect(run.seq).toBeLessThan(10);
    run.writer!.close();
    expect(verifyRun(dir)).toMatchObject({ ok: true, events: run.seq });
  });
});

describe('verify checks what the chain alone cannot', () => {
  it('a tick removed and the chain recomputed is E_LOG_TICK at the tick after the gap', async () => {
    const dir = copy();
    for (const n of snapshotFiles(dir)) fs.unlinkSync(join(dir, 'snapshots', n));
    await rechain(dir, (events) => events.filter((e) => e['tick'] !== 7));
    const report = verifyRun(dir);
    expect(report.problem).toMatchObject({ code: 'E_LOG_TICK' });
    expect(report.problem!.message).toMatch(/TickStarted of tick 8 follows tick 6/);
    expect(() => openRun(dir, { forWrite: true })).toThrow(/^E_LOG_TICK/);
  });

  it('a pinned head catches an edit whose chain was recomputed; it matches the untouched log at its end and at any seq', async () => {
    const dir = copy();
    expect(verifyRun(dir, { head: { hash: result.head } }).ok).toBe(true);
    const at10 = [...readRun(dir)][9]!.hash;
    expect(verifyRun(dir, { head: { hash: at10, seq: 10 } }).ok).toBe(true);
    for (const n of snapshotFiles(dir)) fs.unlinkSync(join(dir, 'snapshots', n));
    await rechain(dir, (events) => events);
    expect(verifyRun(dir, { head: { hash: result.head } }).ok).toBe(true); // the same events re-chained: the same log
    await rechain(dir, (events) => events.map((e) => (e['type'] === 'Heartbeat' && e['tick'] === 30 ? { ...e, data: { ...(e['data'] as object), equity: 1 } } : e)));
    expect(verifyRun(dir).ok).toBe(true); // the forger's log passes on its own…
    const pinned = verifyRun(dir, { head: { hash: result.head } });
    expect(pinned).toMatchObject({ ok: false, problem: { code: 'E_LOG_HEAD_MISMATCH' } });
    expect(verifyRun(dir, { head: { hash: at10, seq: 10 } }).ok).toBe(true); // …and agrees before the edit
  });
});
