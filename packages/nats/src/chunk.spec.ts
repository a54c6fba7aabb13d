import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GENESIS_HASH, type EventRecord } from '@tickfold/core';
import { chunkHeaders, decodeChunk, encodeLine, type StoredChunk } from './chunk.js';
import { parseJob } from './job.js';
import { syntheticJob, tickGroups } from './test-support/runs.js';

const stored = (records: readonly EventRecord[], streamSeq: number): StoredChunk => ({
  streamSeq,
  subject: 'tickfold.run.x',
  headers: chunkHeaders({ runId: 'x', firstSeq: records[0]!.event.seq, lastSeq: records.at(-1)!.event.seq, head: records.at(-1)!.hash, writer: 'w' }),
  data: Buffer.from(records.map(encodeLine).join('')),
});

describe('chunks', () => {
  let groups: EventRecord[][];
  beforeAll(async () => {
    groups = await tickGroups(syntheticJob('chunks', 30));
  });

  it('any split of a run into chunks of whole ticks decodes back to the same records, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: groups.length - 1, maxLength: groups.length - 1 }), (cuts) => {
        const chunks: EventRecord[][] = [[...groups[0]!]];
        groups.slice(1).forEach((g, i) => (cuts[i] ? chunks.push([...g]) : chunks.at(-1)!.push(...g)));
        let at = { seq: 0, head: GENESIS_HASH };
        const out: EventRecord[] = [];
        chunks.forEach((c, i) => {
          const { records, meta } = decodeChunk(stored(c, i + 1), at);
          out.push(...records);
          at = { seq: meta.lastSeq, head: meta.head };
        });
        expect(out).toEqual(groups.flat());
      }),
      { numRuns: 50 },
    );
  });

  it('the payload is exactly the run directory\'s line bytes', () => {
    const r = groups[0]![0]!;
    expect(encodeLine(r)).toBe(`{"h":"${r.hash}","e":${r.canonical}}\n`);
  });

  it('a chunk whose headers disagree with its lines is not a tickfold chunk', () => {
    const c = stored(groups[0]!, 1);
    c.headers!.set('Tickfold-Last-Seq', '99');
    expect(() => decodeChunk(c, { seq: 0, head: GENESIS_HASH })).toThrow(expect.objectContaining({ code: 'E_NATS_NOT_A_CHUNK' }));
  });
});

describe('job messages', () => {
  it('a job that is not JSON, or lacks a field, is E_NATS_JOB_INVALID naming the field', () => {
    expect(() => parseJob(Buffer.from('nope'), 'job message 3')).toThrow(expect.objectContaining({ code: 'E_NATS_JOB_INVALID' }));
    const { ticks: _ticks, ...noTicks } = syntheticJob('j', 10);
    expect(() => parseJob(Buffer.from(JSON.stringify(noTicks)), 'job message 4')).toThrow(expect.objectContaining({ code: 'E_NATS_JOB_INVALID', details: expect.objectContaining({ field: '/ticks' }) }));
    expect(() => parseJob(Buffer.from(JSON.stringify({ ...syntheticJob('j', 10), runId: 'a.b' })), 'job message 5')).toThrow(expect.objectContaining({ code: 'E_NATS_RUN_ID' }));
  });

  it('a valid job reads back as submitted', () => {
    const job = syntheticJob('ok', 10);
    expect(parseJob(Buffer.from(JSON.stringify(job)), 'job message 6')).toEqual(job);
  });
});
