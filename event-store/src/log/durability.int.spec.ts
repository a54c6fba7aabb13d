import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRun, type DurabilityPolicy } from '../index.js';
import { FaultyFs } from '../test-support/faultyFs.js';
import { CREATED_AT, configOf, referenceSession, tempDir } from '../test-support/session.js';

const tmp = tempDir('tickfold-durability-');
afterAll(tmp.cleanup);
let n = 0;

async function setup(policy: DurabilityPolicy, segmentMaxBytes = 10 * 1024 * 1024) {
  const ref = await referenceSession(12, 30);
  const fs = new FaultyFs();
  let nowMs = 0;
  const dir = join(tmp.dir, `run-${++n}`);
  const writer = createRun({ dir, config: configOf(12), createdAt: CREATED_AT, policy, segmentMaxBytes, fs, nowMs: () => nowMs });
  const seg1 = join(dir, 'events', '000001.jsonl');
  const synced = (path = seg1) => (fs.durableSizes().get(path) ?? 0) === statSync(path).size;
  return { ref, writer, synced, seg1, advance: (ms: number) => (nowMs += ms) };
}

describe('durability policies', () => {
  it('batch: every append is fsynced before it returns', async () => {
    const { ref, writer, synced } = await setup({ kind: 'batch' });
    writer.append(ref.records.slice(0, 5));
    expect(synced()).toBe(true);
    writer.close();
  });

  it('interval: an append fsyncs once the interval has passed since the last fsync', async () => {
    const { ref, writer, synced, advance } = await setup({ kind: 'interval', ms: 100 });
    writer.append(ref.records.slice(0, 5));
    expect(synced()).toBe(false);
    advance(100);
    writer.append(ref.records.slice(5, 8));
    expect(synced()).toBe(true);
    writer.close();
  });

  it('interval: an idle writer is fsynced by its timer', async () => {
    const { ref, writer, synced } = await setup({ kind: 'interval', ms: 20 });
    writer.append(ref.records.slice(0, 5));
    expect(synced()).toBe(false);
    await new Promise((r) => setTimeout(r, 80));
    expect(synced()).toBe(true);
    writer.close();
  });

  it('close: nothing is fsynced until close, except a segment that rolls over', async () => {
    const { ref, writer, synced, seg1 } = await setup({ kind: 'close' }, 2_000);
    writer.append(ref.records.slice(0, 1)); // SessionStarted alone is < 2,000 bytes
    expect(synced()).toBe(false);
    writer.append(ref.records.slice(1, 6)); // the bars of the first poll do not fit: roll-overs
    const segments = readdirSync(dirname(seg1)).sort().map((f) => join(dirname(seg1), f));
    expect(segments.length).toBeGreaterThan(2);
    expect(segments.slice(0, -1).map((p) => synced(p))).toEqual(segments.slice(0, -1).map(() => true));
    expect(synced(segments.at(-1))).toBe(false);
    writer.close();
    expect(synced(segments.at(-1))).toBe(true);
  });
});
