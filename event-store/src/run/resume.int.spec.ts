import { afterAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { canonical, chainHash } from '@tickfold/core';
import { createRun, openRun, verifyRun } from '../index.js';
import { CREATED_AT, configOf, referenceSession, runSession, tempDir } from '../test-support/session.js';

const tmp = tempDir('tickfold-resume-');
afterAll(tmp.cleanup);
let n = 0;
const fresh = () => join(tmp.dir, `run-${++n}`);

describe('resume', () => {
  it('a session stopped mid-way and resumed ends with the uninterrupted head hash and state', async () => {
    const ref = await referenceSession(4, 80);
    const dir = fresh();
    const writer = createRun({ dir, config: configOf(4), createdAt: CREATED_AT, snapshotEvery: 100 });
    let engine: { stop(): void } | undefined;
    const stopped = await runSession({ seed: 4, ticks: 80, sinks: [writer, { write: (_r, s) => void (s.tick === 33 && engine!.stop()) }], onEngine: (e) => (engine = e) });
    writer.close();
    expect(stopped.reason).toBe('stopped');
    const run = openRun(dir, { forWrite: true });
    expect(run.seq).toBe(stopped.events);
    expect(run.snapshotSeq).toBe(stopped.events);
    expect(run.ended).toBe(false);
    const done = await runSession({ seed: 4, ticks: 80, sinks: [run.writer!], resume: run.resume });
    run.writer!.close();
    expect(done.head).toBe(ref.result.head);
    expect(done.state).toEqual(ref.result.state);
    expect(verifyRun(dir)).toMatchObject({ ok: true, head: ref.result.head, ended: true });
  });

  /** Seed 6 for 30 ticks, stopped after tick 12 with its writer still open, and the uninterrupted reference. */
  async function stoppedAtTick12() {
    const ref = await referenceSession(6, 30);
    const dir = fresh();
    const writer = createRun({ dir, config: configOf(6), createdAt: CREATED_AT });
    let engine: { stop(): void } | undefined;
    await runSession({ seed: 6, ticks: 30, sinks: [writer, { write: (_r, s) => void (s.tick === 12 && engine!.stop()) }], onEngine: (e) => (engine = e) });
    return { ref, dir, writer };
  }

  it('an unfinished tick is cut back to the last Heartbeat, kept aside and reported, and the resume still matches', async () => {
    const { ref, dir, writer } = await stoppedAtTick12();
    // The first events of tick 13, as a crash between two writes of one tick would leave them.
    const seq = writer.seq;
    const partial = ref.records.slice(seq, seq + 3);
    expect(partial[2]!.event.type).not.toBe('Heartbeat');
    writer.append(partial, seq + 1);
    writer.close();
    const run = openRun(dir, { forWrite: true });
    expect(run.seq).toBe(seq);
    expect(run.warnings.join('\n')).toMatch(/no Heartbeat: its 3 events/);
    expect(run.warnings.join('\n')).toMatch(/broken/);
    await runSession({ seed: 6, ticks: 30, sinks: [run.writer!], resume: run.resume });
    run.writer!.close();
    expect(openRun(dir).head).toBe(ref.result.head);
  });

  it('two crashes in the same tick keep both unfinished tails aside, the second not overwriting the first', async () => {
    const { ref, dir, writer } = await stoppedAtTick12();
    const seq = writer.seq;
    writer.append(ref.records.slice(seq, seq + 3), seq + 1);
    writer.close();
    const first = openRun(dir, { forWrite: true });
    first.writer!.append(ref.records.slice(seq, seq + 2), seq + 1);
    first.writer!.close();
    openRun(dir, { forWrite: true }).writer!.close();
    const broken = join(dir, 'broken');
    const kept = fs.readdirSync(broken).sort().map((f) => fs.readFileSync(join(broken, f), 'utf8').split('\n').length - 1);
    expect(kept.sort()).toEqual([2, 3]);
  });

  it('a session that has ended cannot be resumed: no writer, ended is true', async () => {
    const dir = fresh();
    const writer = createRun({ dir, config: configOf(2), createdAt: CREATED_AT });
    await runSession({ seed: 2, ticks: 5, sinks: [writer] });
    writer.close();
    const run = openRun(dir, { forWrite: true });
    expect(run.ended).toBe(true);
    expect(run.writer).toBeUndefined();
    // The lock was let go: another writer can open it (and finds it ended too).
    expect(openRun(dir, { forWrite: true }).ended).toBe(true);
  });
});

describe('appends state the seq they expect', () => {
  it('rejects a batch that would leave a gap or write a duplicate, and writes nothing of it', async () => {
    const ref = await referenceSession(8, 5);
    const dir = fresh();
    const writer = createRun({ dir, config: configOf(8), createdAt: CREATED_AT });
    writer.append(ref.records.slice(0, 3), 1);
    expect(() => writer.append(ref.records.slice(4, 6), 5)).toThrow(/E_APPEND_SEQ: the append expects to start at seq 5 but the log's next seq is 4/);
    writer.append(ref.records.slice(3, 5), 4);
    writer.close();
    expect(verifyRun(dir).events).toBe(5);
  });

  it('rejects events after SessionEnded and a SessionStarted anywhere but seq 1', async () => {
    const ref = await referenceSession(8, 2);
    const dir = fresh();
    const writer = createRun({ dir, config: configOf(8), createdAt: CREATED_AT });
    expect(() => writer.append(ref.records.slice(1, 3))).toThrow(/E_APPEND_SEQ/);
    writer.append(ref.records);
    const end = ref.records.at(-1)!;
    expect(end.event.type).toBe('SessionEnded');
    const event = { ...end.event, seq: end.event.seq + 1 };
    const after = { event, canonical: canonical(event), hash: chainHash(writer.head, canonical(event)) };
    expect(() => writer.append([after as never])).toThrow(/E_APPEND_ORDER: seq \d+ \(SessionEnded\) would follow SessionEnded/);
    writer.close();
    expect(verifyRun(dir)).toMatchObject({ ok: true, events: ref.records.length, ended: true });
  });

  it('rejects a record whose hash does not chain, and an invalid event, before writing', async () => {
    const ref = await referenceSession(8, 5);
    for (const bad of [
      { ...ref.records[1]!, hash: ref.records[2]!.hash },
      { ...ref.records[1]!, event: { ...ref.records[1]!.event, time: 'yesterday' } },
    ]) {
      const dir = fresh();
      const writer = createRun({ dir, config: configOf(8), createdAt: CREATED_AT });
      writer.append(ref.records.slice(0, 1));
      expect(() => writer.append([bad as never])).toThrow(/E_APPEND_CHAIN|E_APPEND_INVALID/);
      // A virtual-clock run's appends wait in memory until an fsync: write out whatever is held.
      writer.sync();
      expect(openRun(dir).seq).toBe(1);
    }
  });
});
