import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { sealedFrom, type EventRecord } from '@tickfold/core';
import { createRun, verifyRun } from '../index.js';
import { CREATED_AT, configOf, runSession, tempDir } from '../test-support/session.js';

const tmp = tempDir('tickfold-trust-');
afterAll(tmp.cleanup);
let n = 0;
const fresh = () => join(tmp.dir, `run-${++n}`);

/** The batches an engine hands its sinks, as it sealed them. */
async function sealedBatches(seed: number, ticks: number): Promise<(readonly EventRecord[])[]> {
  const batches: (readonly EventRecord[])[] = [];
  await runSession({ seed, ticks, sinks: [{ write: (records) => void batches.push(records) }] });
  return batches;
}

describe('batches the engine sealed', () => {
  it('are written as they are when they continue the writer\'s head, and the log verifies', async () => {
    const batches = await sealedBatches(6, 12);
    expect(batches.every((b, i) => sealedFrom(b) === (i === 0 ? sealedFrom(batches[0]!) : batches[i - 1]!.at(-1)!.hash))).toBe(true);
    const dir = fresh();
    const writer = createRun({ dir, config: configOf(6), createdAt: CREATED_AT });
    for (const b of batches) writer.append(b);
    writer.close();
    expect(verifyRun(dir)).toMatchObject({ ok: true, events: batches.flat().length, ended: true });
  });

  it('are checked in full when they do not continue the writer\'s head: a gap or another chain is refused before any byte is written', async () => {
    const [start, first, second] = await sealedBatches(6, 12);
    const [, otherFirst] = await sealedBatches(7, 12);
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
