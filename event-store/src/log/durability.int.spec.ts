import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fold, initialState, resolveConfig, type EventRecord } from '@tickfold/core';
import { decideContext } from '@tickfold/core/internal';
import { createRun, type DurabilityPolicy, type FileLayer } from '../index.js';
import { defaultPolicy } from './durability.js';
import { FaultyFs } from '../test-support/faultyFs.js';
import { CREATED_AT, configOf, referenceSession, sessionConfig, tempDir } from '../test-support/session.js';
import { EVENT_AT } from './line.js';

const tmp = tempDir('tickfold-durability-');
afterAll(tmp.cleanup);
let n = 0;

/** Bytes of the lines of `records`. */
const lineBytes = (records: readonly EventRecord[]) => records.reduce((s, r) => s + EVENT_AT + Buffer.byteLength(r.canonical) + 2, 0);
const liveConfig = () => resolveConfig({ ...sessionConfig(12), clock: { mode: 'real', start: '2024-01-02T00:00:00.000Z', stepMs: 60_000 } });

async function setup(policy: DurabilityPolicy | undefined, options: { segmentMaxBytes?: number; live?: boolean } = {}) {
  const ref = await referenceSession(12, 30);
  const fs = new FaultyFs();
  let nowMs = 0;
  const dir = join(tmp.dir, `run-${++n}`);
  const config = options.live ? liveConfig() : configOf(12);
  const writer = createRun({ dir, config, createdAt: CREATED_AT, ...(policy ? { policy } : {}), segmentMaxBytes: options.segmentMaxBytes ?? 10 * 1024 * 1024, fs, nowMs: () => nowMs });
  const seg1 = join(dir, 'events', '000001.jsonl');
  const durable = (path = seg1) => fs.durableSizes().get(path) ?? 0;
  const written = (path = seg1) => statSync(path).size;
  return { ref, writer, durable, written, seg1, advance: (ms: number) => (nowMs += ms) };
}

/**
 * A virtual-clock run under the default group commit, written in batches of the reference
 * session's records, each with the state folded to its end, at a clock the test sets.
 */
async function snapshotRun(options: { snapshotEvery: number; segmentMaxBytes?: number; fs?: (faulty: FaultyFs) => FileLayer }) {
  const ref = await referenceSession(12, 30);
  const faulty = new FaultyFs();
  let nowMs = 0;
  const dir = join(tmp.dir, `run-${++n}`);
  const { snapshotEvery, segmentMaxBytes } = options;
  const writer = createRun({ dir, config: configOf(12), createdAt: CREATED_AT, snapshotEvery, ...(segmentMaxBytes ? { segmentMaxBytes } : {}), fs: options.fs?.(faulty) ?? faulty, nowMs: () => nowMs });
  let state = initialState(configOf(12), decideContext(configOf(12)).windowSize);
  /** Writes records [from, to) at clock `ms`. */
  const writeAt = (ms: number, from: number, to: number) => {
    nowMs = ms;
    const batch = ref.records.slice(from, to);
    state = fold(state, batch.map((r) => r.event));
    writer.write(batch, state);
  };
  const snapshots = () => readdirSync(join(dir, 'snapshots'));
  const durable = (segment: string) => faulty.durableSizes().get(join(dir, 'events', segment)) ?? 0;
  return { ref, writer, writeAt, snapshots, durable };
}

describe('durability policies', () => {
  it('a virtual-clock run defaults to group commit at most every second, a live run to one durable tick at a time', () => {
    expect(defaultPolicy(configOf(12))).toEqual({ kind: 'interval', ms: 1000 });
    expect(defaultPolicy(liveConfig())).toEqual({ kind: 'tick' });
  });

  it('batch: every append is fsynced before it returns', async () => {
    const { ref, writer, durable } = await setup({ kind: 'tick' });
    writer.append(ref.records.slice(0, 5));
    expect(durable()).toBe(lineBytes(ref.records.slice(0, 5)));
    writer.close();
  });

  it('interval (the default of a virtual-clock run): appends wait in memory and are written and fsynced once the interval has passed', async () => {
    const { ref, writer, durable, written, advance } = await setup(undefined);
    writer.append(ref.records.slice(0, 5));
    expect([written(), durable()]).toEqual([0, 0]);
    advance(999);
    writer.append(ref.records.slice(5, 8));
    expect(durable()).toBe(0);
    advance(1);
    writer.append(ref.records.slice(8, 10));
    expect([written(), durable()]).toEqual([lineBytes(ref.records.slice(0, 10)), lineBytes(ref.records.slice(0, 10))]);
    writer.close();
  });

  it('interval on a live run: every append reaches the file before it returns, fsynced once the interval has passed', async () => {
    const { ref, writer, durable, written, advance } = await setup({ kind: 'interval', ms: 100 }, { live: true });
    writer.append(ref.records.slice(0, 5));
    expect([written(), durable()]).toEqual([lineBytes(ref.records.slice(0, 5)), 0]);
    advance(100);
    writer.append(ref.records.slice(5, 8));
    expect(durable()).toBe(lineBytes(ref.records.slice(0, 8)));
    writer.close();
  });

  it('interval: an idle writer is fsynced by its timer', async () => {
    const { ref, writer, durable } = await setup({ kind: 'interval', ms: 20 });
    writer.append(ref.records.slice(0, 5));
    expect(durable()).toBe(0);
    await new Promise((r) => setTimeout(r, 80));
    expect(durable()).toBe(lineBytes(ref.records.slice(0, 5)));
    writer.close();
  });

  it('close, virtual clock: nothing is durable until close, but a segment that rolls over is fsynced in the background', async () => {
    const { ref, writer, durable, seg1 } = await setup({ kind: 'close' }, { segmentMaxBytes: 2_000 });
    writer.append(ref.records.slice(0, 1)); // SessionStarted alone is < 2,000 bytes
    expect(durable()).toBe(0);
    writer.append(ref.records.slice(1, 6)); // the bars of the first poll do not fit: roll-overs
    const segments = readdirSync(dirname(seg1)).sort().map((f) => join(dirname(seg1), f));
    expect(segments.length).toBeGreaterThan(2);
    await new Promise((r) => setImmediate(r));
    expect(segments.slice(0, -1).map((p) => durable(p) === statSync(p).size && durable(p) > 0)).toEqual(segments.slice(0, -1).map(() => true));
    expect(durable(segments.at(-1))).toBe(0);
    writer.close();
    expect(durable(segments.at(-1))).toBe(statSync(segments.at(-1)!).size);
  });

  it('close, live run: a segment that rolls over is fsynced before the next one is written', async () => {
    const { ref, writer, durable, seg1 } = await setup({ kind: 'close' }, { segmentMaxBytes: 2_000, live: true });
    writer.append(ref.records.slice(0, 6));
    const segments = readdirSync(dirname(seg1)).sort().map((f) => join(dirname(seg1), f));
    expect(segments.length).toBeGreaterThan(2);
    expect(segments.slice(0, -1).map((p) => durable(p) === statSync(p).size)).toEqual(segments.slice(0, -1).map(() => true));
    expect(durable(segments.at(-1))).toBe(0);
    writer.close();
  });

  it('interval on a virtual-clock run: a snapshot that comes due waits for the next fsync, so it is never ahead of the durable log', async () => {
    const { ref, writer, writeAt, snapshots, durable } = await snapshotRun({ snapshotEvery: 20 });
    writeAt(0, 0, 10);
    writeAt(0, 10, 25); // seq 20 passed: due, but nothing is durable yet
    expect(snapshots()).toEqual([]);
    expect(durable('000001.jsonl')).toBe(0);
    writeAt(1000, 25, 30); // the interval passed: fsync, then the waiting snapshot (taken at seq 25)
    expect(durable('000001.jsonl')).toBe(lineBytes(ref.records.slice(0, 30)));
    expect(snapshots()).toEqual(['000000000025.json']);
    writer.close();
  });

  it('interval on a virtual-clock run: each fsync writes two of the snapshots that came due, the first due half an interval after the fsync before and the newest after it', async () => {
    const { writer, writeAt, snapshots } = await snapshotRun({ snapshotEvery: 10 });
    // Due at seqs 12 and 23 before half the interval, 34 and 45 after it.
    writeAt(0, 0, 5);
    writeAt(0, 5, 12);
    writeAt(300, 12, 23);
    writeAt(600, 23, 34);
    writeAt(800, 34, 45);
    expect(snapshots()).toEqual([]);
    writeAt(1000, 45, 49); // the interval passed: fsync, then 34 (the first due past half) and 45 (the newest)
    expect(snapshots()).toEqual(['000000000034.json', '000000000045.json']);
    // Next interval: 56 due early, 67 past half and the last: 67 alone.
    writeAt(1100, 49, 56);
    writeAt(1600, 56, 67);
    writeAt(2000, 67, 69);
    expect(snapshots()).toEqual(['000000000034.json', '000000000045.json', '000000000067.json']);
    writer.close();
  });

  it('interval with a file layer that fsyncs a rolled segment in line: a snapshot due after an append that rolled part-way waits for an fsync past its line', async () => {
    const ref = await referenceSession(12, 30);
    const { writer, writeAt, snapshots, durable } = await snapshotRun({
      snapshotEvery: 10,
      // The second segment starts at seq 11.
      segmentMaxBytes: lineBytes(ref.records.slice(0, 10)) + 1,
      // The same layer without fsyncInBackground: a roll-over fsyncs the old segment in line, an fsync in the middle of the append.
      fs: (faulty) => new Proxy(faulty, { get: (t, k) => (k === 'fsyncInBackground' ? undefined : (Reflect.get(t, k) as unknown)) }) as FileLayer,
    });
    writeAt(0, 0, 5);
    writeAt(0, 5, 15); // rolls at seq 11 (an fsync of the first segment), then seq 15 comes due
    expect(durable('000002.jsonl')).toBe(0);
    expect(snapshots()).toEqual([]);
    writeAt(1000, 15, 17); // the interval passed: fsync, then the snapshot at 15
    expect(durable('000002.jsonl')).toBe(lineBytes(ref.records.slice(10, 17)));
    expect(snapshots()).toEqual(['000000000015.json']);
    writer.close();
  });
});
