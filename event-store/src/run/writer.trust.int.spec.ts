import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { GENESIS_HASH, sealedFrom, type EventRecord } from '@tickfold/core';
import { createRun, verifyRun } from '../index.js';
import { CREATED_AT, configOf, runSession, tempDir } from '../test-support/session.js';

const tmp = tempDir('tickfold-trust-');
afterAll(tmp.cleanup);
let n = 0;
const fresh = () => join(tmp.dir, `run-${++n}`);

/** The batches an engine hands its sinks, after the session. */
async function sealedBatches(seed: number, ticks: number): Promise<(readonly EventRecord[])[]> {
  const batches: (readonly EventRecord[])[] = [];
  await runSession({ seed, ticks, sinks: [{ write: (records) => void batches.push(records) }] });
  return batches;
}

describe('batches the engine sealed', () => {
  it('are trusted while the engine hands them out: each continues the head before it, and a writer among the sinks writes them as they are', async () => {
    const dir = fresh();
    const writer = createRun({ dir, config: configOf(6), createdAt: CREATED_AT });
    const seen: { records: readonly EventRecord[]; from: string | undefined }[] = [];
    await runSession({ seed: 6, ticks: 12, sinks: [writer, { write: (records) => void seen.push({ records, from: sealedFrom(records) }) }] });
    writer.close();
    expect(seen.map((b) => b.from)).toEqual(seen.map((_, i) => (i === 0 ? GENESIS_HASH : seen[i - 1]!.records.at(-1)!.hash)));
    expect(verifyRun(dir)).toMatchObject({ ok: true, events: seen.flatMap((b) => b.records).length, ended: true });
  });

  it('are trusted no longer once the engine sealed the next one: checked in full, a gap or another chain is refused before any byte is written', async () => {
    const [start, first, second] = await sealedBatches(6, 12);
    const [, otherFirst] = await sealedBatches(7, 12);
    expect([start, first, second, otherFirst].map((b) => sealedFrom(b!))).toEqual([undefined, undefined, undefined, undefined]);
    const writer = createRun({ dir: fresh(), config: configOf(6), createdAt: CREATED_AT });
    writer.append(start!);
    expect(() => writer.append(second!)).toThrow(/E_APPEND_SEQ/);
    // Same seq numbers, another session's chain: sealed, but not from this head.
    expect(() => writer.append(otherFirst!)).toThrow(/E_APPEND_CHAIN/);
    writer.append(first!);
    expect(writer.head).toBe(first!.at(-1)!.hash);
    writer.close();
  });

  it('are frozen: a sink cannot change a record after the engine hashed it', async () => {
    const [start] = await sealedBatches(6, 1);
    expect(Object.isFrozen(start)).toBe(true);
    expect(Object.isFrozen(start![0])).toBe(true);
    expect(sealedFrom([...start!])).toBeUndefined();
  });
});
