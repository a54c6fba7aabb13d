import { describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '@tickfold/core';
import { memoryRun } from '../test-support/memoryRun.js';
import { firstDifference } from './firstDifference.js';

describe('firstDifference', () => {
  it('two runs of the same config are identical with the shared head', async () => {
    const a = await memoryRun({ seed: 5 }, 30);
    const b = await memoryRun({ seed: 5 }, 30);
    expect(await firstDifference(a.records, b.records, GENESIS_HASH)).toEqual({ identical: true, head: a.result.head, events: a.records.length });
  });

  it('names the first seq whose event differs, with the differing fields', async () => {
    const a = await memoryRun({ seed: 5, cash: 1000 }, 30);
    const b = await memoryRun({ seed: 5, cash: 2000 }, 30);
    const c = await firstDifference(a.records, b.records, GENESIS_HASH);
    expect(c).toMatchObject({ identical: false, seq: 1 });
    if (!c.identical) expect(c.fields).toEqual(expect.arrayContaining(['/data/config/cash', '/data/configHash']));
  });

  it('a log that stops early differs at the first seq the other has', async () => {
    const a = await memoryRun({ seed: 5 }, 30);
    const c = await firstDifference(a.records.slice(0, 10), a.records, GENESIS_HASH);
    expect(c).toMatchObject({ identical: false, seq: 11, a: null, fields: ['(missing)'] });
  });

  it('stops reading at the first difference', async () => {
    const a = await memoryRun({ seed: 5 }, 30);
    let read = 0;
    function* counted() {
      for (const r of a.records) {
        read++;
        yield r;
      }
    }
    const edited = a.records.map((r, i) => (i === 4 ? { ...r, hash: 'x' } : r));
    await firstDifference(counted(), edited, GENESIS_HASH);
    expect(read).toBe(5);
  });

  it('empty logs are identical at the genesis hash', async () => {
    expect(await firstDifference([], [], GENESIS_HASH)).toEqual({ identical: true, head: GENESIS_HASH, events: 0 });
  });
});
