import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventRecord, Feed, State } from '@tickfold/core';
import { GENESIS_HASH, resolveConfig } from '@tickfold/core';
import { DeferredChain, serializeEvent } from '@tickfold/core/internal';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRun, nodeFileLayer, openRun, startRunThread, verifyRun, type DurabilityPolicy, type RunWriter } from '../index.js';
import { startCursor } from '../log/cursor.js';
import { LOG_WORKER, workerPath } from '../workerFile.js';
import { readManifest } from './manifest.js';
import { ThreadedLog, startWriterThread, threadWaiting } from './threadedLog.js';
import { CREATED_AT, configOf, gbmFeed, referenceSession, runSession, tempDir } from '../test-support/session.js';

const tmp = tempDir('tickfold-thread-');
afterAll(tmp.cleanup);
let n = 0;
const fresh = () => join(tmp.dir, `run-${++n}`);
// Small segments and frequent snapshots, so a short session rolls and snapshots many times.
const SHAPE = { segmentMaxBytes: 20_000, snapshotEvery: 150 };
const CLOSE: DurabilityPolicy = { kind: 'close' };
// Group commit whose interval never comes during a test: fsyncs happen where the test asks.
const GROUPED: DurabilityPolicy = { kind: 'interval', ms: 3_600_000 };

/** Every file of a run's log and snapshots, name → bytes. */
function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const sub of ['events', 'snapshots']) for (const name of readdirSync(join(dir, sub)).sort()) out[`${sub}/${name}`] = readFileSync(join(dir, sub, name), 'latin1');
  return out;
}

/** A session of `ticks` written by a new run's writer; the engine's records are kept. */
async function write(dir: string, o: { thread: boolean; hashing: 'eager' | 'deferred'; ticks?: number; feed?: Feed; policy?: DurabilityPolicy }) {
  const writer = createRun({ dir, config: configOf(3), createdAt: CREATED_AT, policy: o.policy ?? CLOSE, thread: o.thread, ...SHAPE });
  const records: EventRecord[] = [];
  const keep = {
    write(rs: readonly EventRecord[], state: State) {
      records.push(...rs);
      // An fsync every 50 ticks writes the snapshots that came due and waited for one.
      if (state.tick % 50 === 0) writer.sync();
    },
  };
  const result = await runSession({ seed: 3, ticks: o.ticks ?? 400, sinks: [writer, keep], hashing: o.hashing, ...(o.feed ? { feed: o.feed } : {}) });
  writer.close({ state: result.state, head: result.head });
  return { writer, records, result };
}

describe('a run written on a writer thread', () => {
  it('holds the very bytes, segments and snapshots of a run written on this thread, whether the engine defers hashing or not', async () => {
    const local = fresh();
    const reference = await write(local, { thread: false, hashing: 'eager', policy: GROUPED });
    expect(reference.writer.threaded).toBe(false);
    expect(readdirSync(join(local, 'events')).length).toBeGreaterThan(3);
    expect(readdirSync(join(local, 'snapshots')).length).toBeGreaterThan(1);
    for (const hashing of ['deferred', 'eager'] as const) {
      const dir = fresh();
      const threaded = await write(dir, { thread: true, hashing, policy: GROUPED });
      expect(threaded.writer.threaded).toBe(true);
      expect(files(dir)).toEqual(files(local));
      expect(threaded.result.head).toBe(reference.result.head);
      expect(threaded.records.map((r) => r.hash)).toEqual(reference.records.map((r) => r.hash));
      expect(verifyRun(dir)).toMatchObject({ ok: true, head: reference.result.head, ended: true });
    }
  });

  it('writes on this thread where the thread cannot keep its promises: a live run, the tick policy, an injected file layer', () => {
    const live = createRun({ dir: fresh(), config: { ...configOf(3), clock: { mode: 'real', stepMs: 1000 } }, createdAt: CREATED_AT, thread: true });
    const tick = createRun({ dir: fresh(), config: configOf(3), createdAt: CREATED_AT, thread: true, policy: { kind: 'tick' } });
    const injected = createRun({ dir: fresh(), config: configOf(3), createdAt: CREATED_AT, thread: true, fs: { ...nodeFileLayer } });
    const plain = createRun({ dir: fresh(), config: configOf(3), createdAt: CREATED_AT, thread: true });
    expect(plain.threaded).toBe(true);
    plain.close();
    for (const w of [live, tick, injected]) {
      expect(w.threaded).toBe(false);
      w.close();
    }
  });

  it('a thread started ahead of its run (startRunThread) is the one the run takes, and the run is byte for byte the same', async () => {
    const local = fresh();
    await write(local, { thread: false, hashing: 'eager', policy: GROUPED });
    startRunThread({ thread: true, policy: GROUPED }, configOf(3));
    expect(threadWaiting()).toBe(true);
    const dir = fresh();
    const ahead = await write(dir, { thread: true, hashing: 'deferred', policy: GROUPED });
    expect(threadWaiting()).toBe(false);
    expect(ahead.writer.threaded).toBe(true);
    expect(files(dir)).toEqual(files(local));
  });

  it('starts no thread ahead for a run that will not take one: a live run, the tick policy, an injected file layer or clock, or without `thread`', () => {
    const live = resolveConfig({ ...configOf(3), clock: { mode: 'real', stepMs: 1000 } });
    startRunThread({ thread: true }, live);
    startRunThread({ thread: true, policy: { kind: 'tick' } }, configOf(3));
    startRunThread({ thread: true, fs: { ...nodeFileLayer } }, configOf(3));
    startRunThread({ thread: true, nowMs: () => 0 }, configOf(3));
    startRunThread({}, configOf(3));
    expect(threadWaiting()).toBe(false);
  });

  it('a thread started ahead that no run takes does not keep the process alive', () => {
    // A process of its own: it starts a thread for a run it never creates, then has nothing left to do.
    const store = fileURLToPath(new URL('../index.js', import.meta.url)).replace(/([/\\])src([/\\])index\.js$/, '$1dist$2index.js');
    const script = `import { startRunThread } from ${JSON.stringify(store)};
import { threadWaiting } from ${JSON.stringify(store.replace(/index\.js$/, 'run/threadedLog.js'))};
import { resolveConfig } from '@tickfold/core';
startRunThread({ thread: true }, resolveConfig({ symbols: ['AAA'], clock: { mode: 'virtual', stepMs: 86400000 } }));
console.log('started', threadWaiting());`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('../..', import.meta.url)), encoding: 'utf8', timeout: 60_000 });
    expect(child.stderr).toBe('');
    expect(child.signal).toBeNull();
    expect(child.status).toBe(0);
    expect(child.stdout).toBe('started true\n');
  });

  it('a writer thread that never takes its run (its module fails to load) fails the log past the start deadline, instead of leaving it waiting', () => {
    const broken = join(tmp.dir, 'broken-log-worker.mjs');
    writeFileSync(broken, "throw new Error('broken on load');\n");
    const dir = fresh();
    createRun({ dir, config: configOf(3), createdAt: CREATED_AT, policy: CLOSE, ...SHAPE }).close();
    let now = 0;
    const log = new ThreadedLog({ dir, policy: CLOSE, recomputable: true, segmentMaxBytes: SHAPE.segmentMaxBytes, rotation: 'year', keepSnapshots: 3, at: startCursor() }, broken, () => now);
    // Within the deadline the log waits on; past it (30 s on its clock) it fails, without the thread's word.
    now = 31_000;
    expect(() => log.sync()).toThrow(/^E_RUN_WRITER_FAILED: the run's writer thread did not start within 30 s/);
    expect(log.failure?.message).toMatch(/did not start/);
    // It has nothing to let go of: abort ends the thread without waiting for it to stop.
    log.abort();
  });

  it('takes an event larger than a shared slot on its own, in order, and multibyte UTF-8 as it is', async () => {
    const base = gbmFeed({ seed: 3 });
    // Multibyte UTF-8 (two, three and four bytes a character), here and in a slot's worth below.
    const huge = 'xé€😀'.repeat(40_000);
    const feed: Feed = {
      ...base,
      poll: (r) => (r.tick === 5 ? { kind: 'fallback', reason: 'source-error', message: huge, attempts: 1 } : r.tick % 7 === 0 ? { kind: 'fallback', reason: 'source-error', message: 'é€😀'.repeat(3_000), attempts: 1 } : base.poll(r)),
    };
    const local = fresh();
    const reference = await write(local, { thread: false, hashing: 'eager', ticks: 40, feed });
    expect(reference.records.some((r) => Buffer.byteLength(r.canonical) > 200_000)).toBe(true);
    const dir = fresh();
    const threaded = await write(dir, { thread: true, hashing: 'deferred', ticks: 40, feed });
    expect(files(dir)).toEqual(files(local));
    expect(threaded.result.head).toBe(reference.result.head);
  });

  // Met first by one of the writer's calls (a sync, or the engine's append when the ring is full), or
  // by a read of a record's hash, which waits for the thread (a sink reading each one as it comes).
  it.each([
    ['the writer\'s next call', (writer: RunWriter) => ({ write: (_: readonly EventRecord[], state: State) => (state.tick % 50 === 0 ? writer.sync() : undefined) })],
    ['a read of a record\'s hash, before any call of the writer', () => ({ write: (rs: readonly EventRecord[]) => rs.forEach((r) => r.hash) })],
  ])('a write that fails on the thread is thrown with its system code by %s, then the writer refuses; every whole tick before it stays, and a resume reaches the uninterrupted head', async (_, meets) => {
    const dir = fresh();
    const writer = createRun({ dir, config: configOf(3), createdAt: CREATED_AT, policy: CLOSE, thread: true, ...SHAPE });
    // A directory where the third segment will be created: the thread's open fails with EEXIST.
    const blocker = join(dir, 'events', '000003.jsonl');
    mkdirSync(blocker);
    const failed = await runSession({ seed: 3, ticks: 400, sinks: [writer, meets(writer)], hashing: 'deferred' }).then(
      () => null,
      (e: unknown) => e as NodeJS.ErrnoException,
    );
    expect(failed).toMatchObject({ code: 'EEXIST', syscall: 'open' });
    expect(failed?.path).toBe(blocker);
    expect(() => writer.append([])).toThrow(/^E_RUN_WRITER_FAILED: an earlier write to .* failed \(EEXIST/);
    writer.close(); // after a failure: nothing to do, and no throw
    rmSync(blocker, { recursive: true });
    // The writer let go of the run: it opens for writing, keeps whole ticks, and resumes to the same head.
    const opened = openRun(dir, { forWrite: true, thread: true });
    expect(opened.tick).toBeGreaterThan(0);
    expect(opened.writer!.threaded).toBe(true);
    const result = await runSession({ seed: 3, ticks: 400, sinks: [opened.writer!], resume: opened.resume!, hashing: 'deferred' });
    opened.writer!.close({ state: result.state, head: result.head });
    const reference = await referenceSession(3, 400);
    expect(result.head).toBe(reference.result.head);
    expect(verifyRun(dir)).toMatchObject({ ok: true, head: reference.result.head, ended: true });
  });

  it('gives every record its hash when a sink reads each one as it comes, before the thread has hashed it', async () => {
    const local = fresh();
    const reference = await write(local, { thread: false, hashing: 'eager', policy: GROUPED });
    const dir = fresh();
    const writer = createRun({ dir, config: configOf(3), createdAt: CREATED_AT, policy: GROUPED, thread: true, ...SHAPE });
    const read: string[] = [];
    // After the writer: each hash read here is of a record in the slot being filled, or not hashed yet.
    const reader = { write: (rs: readonly EventRecord[]) => rs.forEach((r) => read.push(r.hash)) };
    const result = await runSession({ seed: 3, ticks: 400, sinks: [writer, reader], hashing: 'deferred' });
    writer.close({ state: result.state, head: result.head });
    expect(writer.threaded).toBe(true);
    expect(read).toEqual(reference.records.map((r) => r.hash));
    expect(readFileSync(join(dir, 'events', '000002.jsonl'), 'latin1')).toBe(readFileSync(join(local, 'events', '000002.jsonl'), 'latin1'));
    expect(verifyRun(dir)).toMatchObject({ ok: true, head: reference.result.head });
  });

  it('an aborted log stops its thread before abort returns, and a hash the thread never computed is read as the failure, not waited for', async () => {
    const { records: made } = await write(fresh(), { thread: false, hashing: 'eager', ticks: 300 });
    const dir = fresh();
    createRun({ dir, config: configOf(3), createdAt: CREATED_AT, policy: CLOSE, ...SHAPE }).close();
    const log = new ThreadedLog({ dir, policy: CLOSE, recomputable: true, segmentMaxBytes: SHAPE.segmentMaxBytes, rotation: readManifest(dir, nodeFileLayer).rotation, keepSnapshots: 3, at: startCursor() }, workerPath(LOG_WORKER)!, () => performance.now());
    const records = new DeferredChain().extend(GENESIS_HASH, made.map((r) => r.event), serializeEvent);
    log.append(records);
    log.abort();
    const bytes = () => readdirSync(join(dir, 'events')).reduce((n, f) => n + statSync(join(dir, 'events', f)).size, 0);
    const after = bytes();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(bytes()).toBe(after); // nothing written once abort returned
    const outcomes = records.map((r, i) => {
      try {
        return r.hash === made[i]!.hash ? 'hash' : 'wrong';
      } catch (e) {
        return (e as Error).message.startsWith('E_RUN_WRITER_FAILED: ') ? 'refused' : (e as Error).message;
      }
    });
    // The slot being filled never reached the thread: its records are refused, the ones before it are right.
    expect(outcomes.at(-1)).toBe('refused');
    expect(new Set(outcomes)).toEqual(new Set(outcomes.includes('hash') ? ['hash', 'refused'] : ['refused']));
    expect(outcomes.indexOf('refused')).toBe(outcomes.lastIndexOf('hash') + 1);
  });

  it('under the interval policy, a slow run hands its slot over at the first append after the period, and so reaches the disk without a sync', async () => {
    const { records: made } = await write(fresh(), { thread: false, hashing: 'eager', ticks: 6 });
    const dir = fresh();
    createRun({ dir, config: configOf(3), createdAt: CREATED_AT, policy: CLOSE, ...SHAPE }).close();
    const policy: DurabilityPolicy = { kind: 'interval', ms: 40 };
    // The thread started and loaded ahead, so the periods below run from when this log hands it the run.
    startWriterThread(workerPath(LOG_WORKER)!);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const log = new ThreadedLog({ dir, policy, recomputable: true, segmentMaxBytes: SHAPE.segmentMaxBytes, rotation: readManifest(dir, nodeFileLayer).rotation, keepSnapshots: 3, at: startCursor() }, workerPath(LOG_WORKER)!, () => performance.now());
    const records = new DeferredChain().extend(GENESIS_HASH, made.map((r) => r.event), serializeEvent);
    const byTick = (tick: number) => records.filter((r) => r.event.tick === tick);
    const lines = () => readdirSync(join(dir, 'events')).reduce((n, f) => n + readFileSync(join(dir, 'events', f), 'latin1').split('\n').length - 1, 0);
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    log.append(records.filter((r) => r.event.tick <= 1));
    log.append(byTick(2));
    // Several periods without an append: the slot, far from full, stays on this side.
    await sleep(300);
    expect(lines()).toBe(0);
    // The next append hands it over (with this tick's events); the thread writes and fsyncs it within its period.
    log.append(byTick(3));
    const handed = records.filter((r) => r.event.tick <= 3).length;
    for (let waited = 0; lines() < handed && waited < 5000; waited += 20) await sleep(20);
    expect(lines()).toBe(handed);
    log.close();
    expect(lines()).toBe(handed);
  });
});
