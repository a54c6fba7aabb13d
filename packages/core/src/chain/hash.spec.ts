import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, canonical, chainEvents, chainHash } from '../index.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('hash chain', () => {
  it('starts from the versioned genesis value', () => {
    expect(GENESIS_HASH).toBe(sha('tickfold/chain/v1'));
  });

  it('hashes the previous hash followed by the canonical bytes', () => {
    expect(chainHash(GENESIS_HASH, '{"a":1}')).toBe(sha(GENESIS_HASH + '{"a":1}'));
  });

  it('canonical form sorts keys at every depth', () => {
    expect(canonical({ b: 1, a: { d: 2, c: [3, { f: 1, e: 0 }] } })).toBe('{"a":{"c":[3,{"e":0,"f":1}],"d":2},"b":1}');
  });

  it('chains records so that a change anywhere changes every later hash', () => {
    const events = [1, 2, 3].map((seq) => ({ seq, type: 'TickStarted', tick: seq, time: '2024-01-02T00:00:00.000Z', data: {} }) as never);
    const a = chainEvents(GENESIS_HASH, events);
    const altered = chainEvents(GENESIS_HASH, [events[0]!, { ...(events[1] as unknown as object), tick: 99 } as never, events[2]!]);
    expect(a.records[0]!.hash).toBe(altered.records[0]!.hash);
    expect(a.records[1]!.hash).not.toBe(altered.records[1]!.hash);
    expect(a.head).not.toBe(altered.head);
    expect(a.records[2]!.canonical).toBe(canonical(events[2]));
  });
});
