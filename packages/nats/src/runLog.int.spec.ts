import { beforeAll, describe, expect, it } from 'vitest';
import type { EventRecord } from '@tickfold/core';
import { chunkHeaders, chunkMsgId, encodeLine } from './chunk.js';
import { runSubject } from './names.js';
import { EMPTY_LOG, readRunLog, RunLogAppender } from './runLog.js';
import type { TickfoldNats } from './schema.js';
import { chunkCount, useNatsServer } from './test-support/nats.js';
import { syntheticJob, tickGroups } from './test-support/runs.js';

const payload = (records: readonly EventRecord[]) => Buffer.from(records.map(encodeLine).join(''));
const meta = (runId: string, records: readonly EventRecord[], writer: string) => ({
  runId,
  firstSeq: records[0]!.event.seq,
  lastSeq: records.at(-1)!.event.seq,
  head: records.at(-1)!.hash,
  writer,
});

describe('a run log on a JetStream subject', () => {
  const nats = useNatsServer();
  let t: TickfoldNats;
  let groups: EventRecord[][];
  const subjectCount = (runId: string) => chunkCount(t, runId);

  beforeAll(async () => {
    ({ t } = nats);
    groups = await tickGroups(syntheticJob('groups', 6));
  });

  it('reads back exactly the chunks appended, in order, checked against the chain', async () => {
    const w = new RunLogAppender(t, 'plain', 'w1', EMPTY_LOG);
    for (const g of groups) await w.append(g);
    const read: EventRecord[] = [];
    const at = await readRunLog(t, 'plain', (records) => read.push(...records));
    expect(read.map((r) => r.hash)).toEqual(groups.flat().map((r) => r.hash));
    expect(at).toEqual(w.position);
  });

  it('fences out a second writer: its late append fails and writes nothing', async () => {
    const first = new RunLogAppender(t, 'fenced', 'first', EMPTY_LOG);
    await first.append(groups[0]!);
    // A second writer takes over from what is stored and appends the next tick.
    const at = await readRunLog(t, 'fenced', () => undefined);
    const second = new RunLogAppender(t, 'fenced', 'second', at);
    await second.append(groups[1]!);
    // The first writer wakes up and appends the very same tick (same bytes, same message id).
    await expect(first.append(groups[1]!)).rejects.toMatchObject({ code: 'E_NATS_FENCED' });
    expect(await subjectCount('fenced')).toBe(2);
    await second.append(groups[2]!);
    expect(await subjectCount('fenced')).toBe(3);
  });

  it('recognises its own chunk when the answer to a publish was lost', async () => {
    const w = new RunLogAppender(t, 'lost-ack', 'w1', EMPTY_LOG);
    // The chunk reached the stream but the writer never heard back: it still expects an empty subject.
    await t.js.publish(runSubject('lost-ack'), payload(groups[0]!), { headers: chunkHeaders(meta('lost-ack', groups[0]!, 'w1')) });
    await w.append(groups[0]!);
    expect(w.position.seq).toBe(groups[0]!.at(-1)!.event.seq);
    expect(await subjectCount('lost-ack')).toBe(1);
    await w.append(groups[1]!);
    expect(await subjectCount('lost-ack')).toBe(2);
  });

  it('a duplicate publish of a stored chunk is dropped by the message id', async () => {
    const m = meta('dedup', groups[0]!, 'w1');
    const once = await t.js.publish(runSubject('dedup'), payload(groups[0]!), { headers: chunkHeaders(m), msgID: chunkMsgId(m) });
    const twice = await t.js.publish(runSubject('dedup'), payload(groups[0]!), { headers: chunkHeaders(m), msgID: chunkMsgId(m) });
    expect(twice).toMatchObject({ duplicate: true, seq: once.seq });
  });

  it('reports a message that is not a tickfold chunk with its stream seq, and appends nothing after it', async () => {
    const ack = await t.js.publish(runSubject('foreign'), 'hello');
    await expect(readRunLog(t, 'foreign', () => undefined)).rejects.toMatchObject({ code: 'E_NATS_NOT_A_CHUNK', details: { streamSeq: ack.seq } });
    const w = new RunLogAppender(t, 'foreign', 'w1', EMPTY_LOG);
    await expect(w.append(groups[0]!)).rejects.toMatchObject({ code: 'E_NATS_NOT_A_CHUNK' });
    expect(await subjectCount('foreign')).toBe(1);
  });

  it('catches a lost chunk by the seq check and a changed one by the hash chain', async () => {
    for (const i of [0, 2]) {
      const g = groups[i]!;
      await t.js.publish(runSubject('gap'), payload(g), { headers: chunkHeaders(meta('gap', g, 'w1')) });
    }
    await expect(readRunLog(t, 'gap', () => undefined)).rejects.toMatchObject({ code: 'E_NATS_CHUNK_SEQ', details: { seq: groups[1]![0]!.event.seq } });

    const g = groups[0]!;
    const original = payload(g).toString();
    // SessionStarted records the seed: an edit that keeps the line valid JSON.
    const bytes = Buffer.from(original.replace('"seed":7', '"seed":8'));
    expect(bytes.toString()).not.toBe(original);
    await t.js.publish(runSubject('changed'), bytes, { headers: chunkHeaders(meta('changed', g, 'w1')) });
    await expect(readRunLog(t, 'changed', () => undefined)).rejects.toMatchObject({ code: 'E_NATS_CHUNK_CHAIN', details: { seq: 1 } });
  });
});
