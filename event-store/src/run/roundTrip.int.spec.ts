import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRun, openRun, readRun, replayRun, verifyRun } from '../index.js';
import { CREATED_AT, configOf, referenceSession, runSession, tempDir } from '../test-support/session.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
const fresh = () => {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return join(t.dir, 'run');
};

describe('run directory round trip', () => {
  it('a session written with createRun reopens to the same state and head hash', async () => {
    const dir = fresh();
    const writer = createRun({ dir, config: configOf(7), createdAt: CREATED_AT });
    const result = await runSession({ seed: 7, ticks: 60, sinks: [writer] });
    // SessionEnded is snapshotted as it is written, before close.
    expect(readdirSync(join(dir, 'snapshots'))).toEqual([`${String(result.events).padStart(12, '0')}.json`]);
    writer.close();
    const run = openRun(dir);
    expect(run.head).toBe(result.head);
    expect(run.state).toEqual(result.state);
    expect(run.seq).toBe(result.events);
    expect(run.ended).toBe(true);
    expect(run.warnings).toEqual([]);
    expect(run.snapshotSeq).toBe(result.events);
    expect(openRun(dir, { verify: 'full' }).head).toBe(result.head);
  });

  it('readRun streams every event with its stored bytes and place, from any seq', async () => {
    const dir = fresh();
    const ref = await referenceSession(3, 30);
    const writer = createRun({ dir, config: configOf(3), createdAt: CREATED_AT });
    await runSession({ seed: 3, ticks: 30, sinks: [writer] });
    writer.close();
    const all = [...readRun(dir)];
    expect(all.map((s) => s.hash)).toEqual(ref.records.map((r) => r.hash));
    expect(all.map((s) => s.canonical)).toEqual(ref.records.map((r) => r.canonical));
    expect(all[0]).toMatchObject({ segment: '000001.jsonl', offset: 0, line: 1 });
    const tail = [...readRun(dir, { fromSeq: 50 })];
    expect(tail[0]!.event.seq).toBe(50);
    expect(tail.length).toBe(all.length - 49);
  });

  it('readRun from a seq past a snapshot starts there and yields the same events', async () => {
    const dir = fresh();
    const writer = createRun({ dir, config: configOf(3), createdAt: CREATED_AT, snapshotEvery: 40, keepSnapshots: 10 });
    await runSession({ seed: 3, ticks: 30, sinks: [writer] });
    writer.close();
    const all = [...readRun(dir)];
    const from = [...readRun(dir, { fromSeq: 150 })];
    expect(from.map((s) => [s.event.seq, s.hash, s.segment, s.offset, s.line])).toEqual(all.slice(149).map((s) => [s.event.seq, s.hash, s.segment, s.offset, s.line]));
  });

  it('verifyRun reports events, ticks, head and segments of a healthy run', async () => {
    const dir = fresh();
    // fsync per batch: snapshots are written as they come due (group commit would hold them for the next fsync).
    const writer = createRun({ dir, config: configOf(5), createdAt: CREATED_AT, snapshotEvery: 100, policy: { kind: 'tick' } });
    const result = await runSession({ seed: 5, ticks: 50, sinks: [writer] });
    writer.close();
    const report = verifyRun(dir);
    expect(report).toMatchObject({ ok: true, events: result.events, ticks: 50, head: result.head, ended: true, openTickEvents: 0 });
    // 50 hourly ticks starting at midnight: the UTC date changes twice.
    expect(report.segments).toBe(3);
    expect(report.snapshots.valid).toBeGreaterThan(1);
  });

  it('replayRun re-derives the run and reaches its head hash', async () => {
    const dir = fresh();
    const writer = createRun({ dir, config: configOf(11), createdAt: CREATED_AT });
    const result = await runSession({ seed: 11, ticks: 40, sinks: [writer] });
    writer.close();
    const progress: [number, number][] = [];
    const replay = replayRun(dir, { onProgress: (seq, total) => progress.push([seq, total]) });
    expect(replay.head).toBe(result.head);
    expect(progress.at(-1)).toEqual([result.events, result.events]);
    expect(progress.every(([, total]) => total === result.events)).toBe(true);
    expect(replay.state).toEqual(result.state);
    expect(replay.ticks).toBe(40);
    const half = replayRun(dir, { until: { tick: 20 } });
    expect(half.state.tick).toBe(20);
  });

  it('refuses to create a run in a non-empty directory', async () => {
    const dir = fresh();
    createRun({ dir, config: configOf(1), createdAt: CREATED_AT }).close();
    expect(() => createRun({ dir, config: configOf(1), createdAt: CREATED_AT })).toThrow(/E_RUN_EXISTS/);
    expect(existsSync(join(dir, 'manifest.json'))).toBe(true);
    expect(readdirSync(join(dir, 'events'))).toEqual([]);
  });
});
