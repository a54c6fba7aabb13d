import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonical, initialState, resolveConfig, sha256Hex } from '@tickfold/core';
import { nodeFileLayer } from '../fileLayer.js';
import { sessionConfig, tempDir } from '../test-support/session.js';
import { writeSnapshot } from './write.js';

const tmp = tempDir('tickfold-snapshot-write-');
afterAll(tmp.cleanup);

describe('a snapshot file', () => {
  it('is the canonical header with the state\'s canonical bytes last, hashed as stored', () => {
    const state = initialState(resolveConfig(sessionConfig(4)), 30);
    const position = { segment: '000003.jsonl', offset: 1200, end: 1490, line: 7 };
    nodeFileLayer.mkdir(join(tmp.dir, 'snapshots'));
    writeSnapshot(tmp.dir, nodeFileLayer, { seq: state.seq, tick: state.tick, canonical: canonical(state) }, 'a'.repeat(64), position, 3);
    const text = readFileSync(join(tmp.dir, 'snapshots', '000000000000.json'), 'utf8');
    const { state: stored, ...header } = JSON.parse(text) as Record<string, unknown>;
    // The header is written by key order without core's canonical (the writer thread loads core's
    // hash module alone): it must be the same bytes, with the state after it as it was given.
    expect(text).toBe(`${canonical(header).slice(0, -1)},"state":${canonical(state)}}\n`);
    expect(stored).toEqual(JSON.parse(canonical(state)));
    const parsed = { ...header, state: stored };
    expect(parsed).toMatchObject({ format: 1, head: 'a'.repeat(64), position, seq: state.seq, tick: state.tick, stateHash: sha256Hex(canonical(state)) });
  });
});
