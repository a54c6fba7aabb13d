import { afterAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { createRun, openRun, verifyRun } from '../index.js';
import { FORMAT_VERSION } from '@tickfold/core';
import { CREATED_AT, configOf, runSession, tempDir } from '../test-support/session.js';

const tmp = tempDir('tickfold-manifest-');
afterAll(tmp.cleanup);
let n = 0;
async function run(seed = 1, ticks = 3): Promise<string> {
  const dir = join(tmp.dir, `run-${++n}`);
  const writer = createRun({ dir, config: configOf(seed), createdAt: CREATED_AT });
  await runSession({ seed, ticks, sinks: [writer] });
  writer.close();
  return dir;
}
const editManifest = (dir: string, edit: (m: Record<string, unknown>) => void) => {
  const path = join(dir, 'manifest.json');
  const m = JSON.parse(fs.readFileSync(path, 'utf8'));
  edit(m);
  fs.writeFileSync(path, JSON.stringify(m));
};

describe('manifest', () => {
  it('records format, versions, seed, config, creation time and the rotation settings', async () => {
    const dir = await run(5);
    const m = JSON.parse(fs.readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(m).toMatchObject({ format: FORMAT_VERSION, tickfold: expect.any(String), createdAt: CREATED_AT, seed: 5, config: configOf(5), segmentMaxBytes: 10 * 1024 * 1024, snapshotEvery: 10_000, chain: { version: 1 } });
  });

  it('a directory without one is E_RUN_NOT_FOUND', () => {
    expect(() => openRun(join(tmp.dir, 'nothing-here'))).toThrow(/E_RUN_NOT_FOUND: .*nothing-here\/manifest.json does not exist/);
    expect(() => verifyRun(join(tmp.dir, 'nothing-here'))).toThrow(/E_RUN_NOT_FOUND/);
  });

  it('invalid JSON, a wrong field or a config that does not match its hash is E_MANIFEST_INVALID naming it', async () => {
    const dir = await run();
    fs.writeFileSync(join(dir, 'manifest.json'), '{"format":');
    expect(() => openRun(dir)).toThrow(/E_MANIFEST_INVALID: .*manifest.json is not valid JSON/);
    const dir2 = await run();
    editManifest(dir2, (m) => (m['segmentMaxBytes'] = 'big'));
    expect(() => openRun(dir2)).toThrow(/E_MANIFEST_INVALID: .*field \/segmentMaxBytes must be a non-negative integer/);
    editManifest(dir2, (m) => (m['segmentMaxBytes'] = 10));
    expect(() => openRun(dir2)).toThrow(/E_MANIFEST_INVALID: .*field \/segmentMaxBytes must be at least 1024/);
    const dir3 = await run();
    editManifest(dir3, (m) => ((m['config'] as { cash: number }).cash = 5));
    expect(() => openRun(dir3)).toThrow(/E_MANIFEST_INVALID: .*field \/configHash does not match the config/);
  });

  it('a log that belongs to another run is E_MANIFEST_MISMATCH', async () => {
    const a = await run(1);
    const b = await run(2);
    fs.rmSync(join(a, 'events'), { recursive: true });
    fs.rmSync(join(a, 'snapshots'), { recursive: true });
    fs.cpSync(join(b, 'events'), join(a, 'events'), { recursive: true });
    expect(() => openRun(a)).toThrow(/E_MANIFEST_MISMATCH: SessionStarted \(seq 1, segment 000001.jsonl, byte 0\) has configHash/);
  });
});
