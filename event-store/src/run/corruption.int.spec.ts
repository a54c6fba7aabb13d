import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { createRun, openRun, readRun, verifyRun } from '../index.js';
import { CREATED_AT, configOf, runSession, tempDir } from '../test-support/session.js';
import { append, cutTail, duplicateLine, flipByte, lineStarts, seg, segments, swapFiles, zeroTail } from '../test-support/damage.js';
import type { RunResult } from '@tickfold/core';

// One healthy run (several segments: hourly ticks over 3 UTC days, small size limit),
// stopped before SessionEnded so it can be resumed; each test damages a fresh copy.
const tmp = tempDir('tickfold-corrupt-');
const pristine = join(tmp.dir, 'pristine');
let result: RunResult;
let copies = 0;
afterAll(tmp.cleanup);
beforeAll(async () => {
  const writer = createRun({ dir: pristine, config: configOf(9), createdAt: CREATED_AT, segmentMaxBytes: 16_000, snapshotEvery: 0 });
  let engine: { stop(): void } | undefined;
  result = await runSession({ seed: 9, ticks: 60, sinks: [writer, { write: (_r, s) => void (s.tick === 50 && engine?.stop()) }], onEngine: (e) => (engine = e) });
  writer.close();
});
/** A copy of the pristine run; without its snapshot unless asked, so recovery reads the whole log. */
const copy = (withSnapshot = false): string => {
  const dir = join(tmp.dir, `copy-${++copies}`);
  fs.cpSync(pristine, dir, { recursive: true });
  if (!withSnapshot) for (const n of fs.readdirSync(join(dir, 'snapshots'))) fs.unlinkSync(join(dir, 'snapshots', n));
  return dir;
};
/** seq of the line at `index` (0-based) of a segment. */
const seqAt = (path: string, index: number): number => JSON.parse(fs.readFileSync(path, 'utf8').split('\n')[index]!).e.seq;
const brokenFiles = (dir: string) => (fs.existsSync(join(dir, 'broken')) ? fs.readdirSync(join(dir, 'broken')) : []);

describe('damage before the tail stops with an error naming code, segment, byte and seq', () => {
  it('a flipped byte in an early line is E_LOG_HASH_MISMATCH at that line', () => {
    const dir = copy();
    const first = segments(dir)[0]!;
    const at = lineStarts(seg(dir, first))[3]!;
    flipByte(seg(dir, first), at + 100); // inside the event bytes of seq 4: a digit or letter, still JSON
    const report = verifyRun(dir);
    expect(report.ok).toBe(false);
    expect(report.problem).toMatchObject({ code: 'E_LOG_HASH_MISMATCH', seq: 4, segment: first, offset: at });
    expect(() => openRun(dir)).toThrow(`E_LOG_HASH_MISMATCH: at seq 4 (segment ${first}, byte ${at})`);
    expect(() => [...readRun(dir)]).toThrow(/E_LOG_HASH_MISMATCH/);
  });

  it('with a snapshot past the damage, every open still finds it (only the unproven read-only look skips it)', () => {
    const dir = copy(true);
    const first = segments(dir)[0]!;
    flipByte(seg(dir, first), lineStarts(seg(dir, first))[3]! + 100);
    expect(() => openRun(dir)).toThrow(/E_LOG_HASH_MISMATCH: at seq 4 \(segment 000001\.jsonl/);
    expect(() => openRun(dir, { forWrite: true })).toThrow(/E_LOG_HASH_MISMATCH: at seq 4 \(segment 000001\.jsonl/);
    expect(() => openRun(dir, { forWrite: true, verify: 'tail' })).toThrow(/E_LOG_HASH_MISMATCH: at seq 4/);
    expect(openRun(dir, { verify: 'tail' }).snapshotSeq).toBe(result.events);
    expect(verifyRun(dir).problem).toMatchObject({ code: 'E_LOG_HASH_MISMATCH', seq: 4 });
  });

  it('an invalid JSON line is E_LOG_JSON', () => {
    const dir = copy();
    const name = segments(dir)[2]!;
    const at = lineStarts(seg(dir, name))[1]!;
    const b = fs.readFileSync(seg(dir, name));
    b[at + 77] = 0x3a; // the first key's opening quote becomes ':'
    fs.writeFileSync(seg(dir, name), b);
    expect(verifyRun(dir).problem).toMatchObject({ code: 'E_LOG_JSON', segment: name, offset: at, seq: seqAt(seg(dir, name), 0) + 1 });
  });

  it('a duplicated line is E_LOG_SEQ at the duplicate', () => {
    const dir = copy();
    const name = segments(dir)[2]!;
    const path = seg(dir, name);
    const dup = seqAt(path, 5);
    duplicateLine(path, 5);
    expect(verifyRun(dir).problem).toMatchObject({ code: 'E_LOG_SEQ', seq: dup + 1, segment: name, offset: lineStarts(path)[6] });
    expect(() => openRun(dir, { forWrite: true })).toThrow(`E_LOG_SEQ: at seq ${dup + 1} (segment ${name}, byte ${lineStarts(path)[6]})`);
    expect(fs.existsSync(join(dir, 'writer.lock'))).toBe(false);
  });

  it('a deleted middle segment is E_LOG_SEGMENT_MISSING naming it', () => {
    const dir = copy();
    const names = segments(dir);
    expect(names.length).toBeGreaterThan(3);
    fs.unlinkSync(seg(dir, names[1]!));
    expect(verifyRun(dir).problem).toMatchObject({ code: 'E_LOG_SEGMENT_MISSING', segment: names[1] });
    expect(() => openRun(dir)).toThrow(`segment ${names[1]} is missing`);
  });

  it.each([false, true])('two swapped segments are E_LOG_SEQ at the start of the first one out of place (snapshot: %s)', (withSnapshot) => {
    const dir = copy(withSnapshot);
    const names = segments(dir);
    swapFiles(seg(dir, names[1]!), seg(dir, names[2]!));
    expect(verifyRun(dir).problem).toMatchObject({ code: 'E_LOG_SEQ', segment: names[1], offset: 0 });
    expect(() => openRun(dir)).toThrow(`E_LOG_SEQ: at seq ${seqAt(seg(dir, names[2]!), 0)} (segment ${names[1]}, byte 0)`);
  });

  it('a deleted middle segment is found through the segment joints even when opening from a snapshot', () => {
    const dir = copy(true);
    const names = segments(dir);
    fs.unlinkSync(seg(dir, names.at(-2)!));
    fs.renameSync(seg(dir, names.at(-1)!), seg(dir, names.at(-2)!)); // no gap in the names
    expect(() => openRun(dir)).toThrow(/E_LOG_SEQ: at seq \d+ \(segment \d{6}\.jsonl, byte 0\)/);
  });

  it('salvage keeps the valid prefix before the damage and cuts the rest aside', () => {
    const dir = copy();
    const first = segments(dir)[0]!;
    flipByte(seg(dir, first), lineStarts(seg(dir, first))[3]! + 100);
    const cutAt = lineStarts(seg(dir, first))[1]!; // seq 2–3 are an unfinished tick without the damaged seq 4
    const run = openRun(dir, { salvage: true, forWrite: true });
    expect(run.seq).toBe(1);
    expect(run.warnings.join('\n')).toMatch(/salvage: E_LOG_HASH_MISMATCH at seq 4/);
    run.writer!.close();
    expect(segments(dir)).toEqual([first]);
    expect(brokenFiles(dir)).toEqual([`${first}@${cutAt}.broken`]);
    expect(verifyRun(dir)).toMatchObject({ ok: true, events: 1 });
  });
});

describe('a torn tail is cut off, kept aside in a .broken file and reported', () => {
  const tornCases: [string, (path: string) => void][] = [
    ['the last line cut mid-way', (p) => cutTail(p, 40)],
    ['a zero-filled tail', (p) => zeroTail(p, 300)],
    ['garbage appended', (p) => append(p, Buffer.from('\u0000\u0001garbage\n{"h":"zz', 'latin1'))],
  ];
  it.each(tornCases)('%s', (_name, damage) => {
    const dir = copy();
    const last = seg(dir, segments(dir).at(-1)!);
    const before = fs.statSync(last).size;
    damage(last);
    // What a crash leaves: resumable, not corrupt.
    const report = verifyRun(dir);
    expect(report).toMatchObject({ ok: true, tornTail: { segment: segments(dir).at(-1) } });
    expect(report.problem).toBeUndefined();
    const damaged = fs.statSync(last).size;
    const readOnly = openRun(dir);
    expect(readOnly.warnings.join('\n')).toMatch(/E_LOG_TORN_TAIL/);
    expect(fs.statSync(last).size).toBe(damaged); // a read-only open changes nothing
    const run = openRun(dir, { forWrite: true });
    expect(run.seq).toBe(readOnly.seq);
    expect(run.seq).toBeLessThanOrEqual(result.events);
    expect(fs.statSync(last).size).toBeLessThanOrEqual(before);
    expect(run.warnings.join('\n')).toMatch(/kept in .*broken/);
    expect(brokenFiles(dir)).toHaveLength(1);
    run.writer!.close();
    expect(verifyRun(dir)).toMatchObject({ ok: true, events: run.seq, openTickEvents: 0 });
  });

  it('a torn tail that leaves a tick without its Heartbeat cuts back to the last complete tick', () => {
    const dir = copy();
    const last = seg(dir, segments(dir).at(-1)!);
    const starts = lineStarts(last);
    cutTail(last, fs.statSync(last).size - starts.at(-2)! - 10); // tear the line before the last Heartbeat
    const run = openRun(dir, { forWrite: true });
    expect(run.state.tick).toBe(result.ticks - 1);
    expect(run.head).toBe(verifyRun(dir).head);
    run.writer!.close();
  });
});

describe('snapshots', () => {
  it('a truncated snapshot is ignored with a warning and the state is rebuilt from the log', async () => {
    const dir = copy(true);
    const fresh = openRun(dir);
    expect(fresh.snapshotSeq).toBe(result.events);
    const snaps = fs.readdirSync(join(dir, 'snapshots'));
    expect(snaps).toHaveLength(1);
    const path = join(dir, 'snapshots', snaps[0]!);
    cutTail(path, 500);
    const run = openRun(dir);
    expect(run.snapshotSeq).toBeNull();
    expect(run.warnings.join('\n')).toMatch(`snapshot ${snaps[0]} is not used (not valid JSON`);
    expect(run.state).toEqual(fresh.state);
    expect(verifyRun(dir).snapshots.invalid).toHaveLength(1);
  });

  it('a snapshot whose state breaks an invariant is ignored even with a matching stateHash', async () => {
    const dir = copy(true);
    const name = fs.readdirSync(join(dir, 'snapshots'))[0]!;
    const path = join(dir, 'snapshots', name);
    const snap = JSON.parse(fs.readFileSync(path, 'utf8'));
    snap.state.symbols.SPY.portfolio.cash = -1;
    const { canonical, sha256Hex } = await import('@tickfold/core');
    snap.stateHash = sha256Hex(canonical(snap.state));
    fs.writeFileSync(path, JSON.stringify(snap));
    const run = openRun(dir);
    expect(run.snapshotSeq).toBeNull();
    expect(run.warnings[0]).toMatch(/state breaks invariants: \/symbols\/SPY\/portfolio\/cash is negative/);
    expect(run.state.symbols['SPY']!.portfolio.cash).toBeGreaterThanOrEqual(0);
  });

  it('a snapshot whose state was edited is ignored: its stateHash no longer matches', () => {
    const dir = copy(true);
    const name = fs.readdirSync(join(dir, 'snapshots'))[0]!;
    const path = join(dir, 'snapshots', name);
    fs.writeFileSync(path, fs.readFileSync(path, 'utf8').replace('"cash":', '"cash":1'));
    const run = openRun(dir);
    expect(run.snapshotSeq).toBeNull();
    expect(run.warnings[0]).toMatch(/stateHash does not match/);
  });

  it('a snapshot whose segment is not a segment name is ignored, not used to skip the log after it', async () => {
    const dir = join(tmp.dir, `mid-snapshot-${++copies}`);
    // fsync per batch: a snapshot is written as it comes due (group commit would hold it for the next fsync).
    const writer = createRun({ dir, config: configOf(9), createdAt: CREATED_AT, snapshotEvery: 50, policy: { kind: 'tick' } });
    let engine: { stop(): void } | undefined;
    const r = await runSession({ seed: 9, ticks: 60, sinks: [writer, { write: (_rec, st) => void (st.tick === 20 && engine?.stop()) }], onEngine: (e) => (engine = e) });
    writer.close();
    const names = fs.readdirSync(join(dir, 'snapshots')).sort();
    for (const n of names.slice(1)) fs.unlinkSync(join(dir, 'snapshots', n));
    const path = join(dir, 'snapshots', names[0]!);
    const snap = JSON.parse(fs.readFileSync(path, 'utf8')) as { seq: number; position: { segment: string } };
    expect(snap.seq).toBeLessThan(r.events);
    // The same file by another spelling: the line checks pass, but it names no segment index.
    snap.position.segment = `./${snap.position.segment}`;
    fs.writeFileSync(path, JSON.stringify(snap));
    const run = openRun(dir);
    expect(run.seq).toBe(r.events);
    expect(run.snapshotSeq).toBeNull();
    expect(run.warnings[0]).toMatch(/position is missing or malformed/);
  });
});
