import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { createRun, openRun } from '../index.js';
import { CREATED_AT, configOf, runSession, tempDir } from '../test-support/session.js';
import { assertNoSymlinkOnPath } from './symlinks.js';

// A run directory handed over by someone else must not make tickfold write outside it.
const tmp = tempDir('tickfold-links-');
const pristine = join(tmp.dir, 'pristine');
afterAll(tmp.cleanup);
beforeAll(async () => {
  const writer = createRun({ dir: pristine, config: configOf(3), createdAt: CREATED_AT, snapshotEvery: 0 });
  let engine: { stop(): void } | undefined;
  // Stopped mid-tick's worth of writes is not needed: an open session is enough to be resumable.
  await runSession({ seed: 3, ticks: 20, sinks: [writer, { write: (_r, s) => void (s.tick === 10 && engine!.stop()) }], onEngine: (e) => (engine = e) });
  writer.close();
});

let n = 0;
/** A copy of the run with `name` replaced by a link to a file or directory outside it. */
function planted(name: string, kind: 'file' | 'dir') {
  const dir = join(tmp.dir, `copy-${++n}`);
  fs.cpSync(pristine, dir, { recursive: true });
  const outside = join(tmp.dir, `outside-${n}`);
  if (kind === 'dir') fs.mkdirSync(outside);
  else fs.writeFileSync(outside, 'precious\n');
  const path = join(dir, name);
  if (fs.existsSync(path)) fs.cpSync(path, `${outside}-was`, { recursive: true });
  fs.rmSync(path, { recursive: true, force: true });
  fs.symlinkSync(outside, path);
  return { dir, outside };
}
const snapshot = (p: string) => (fs.statSync(p).isDirectory() ? fs.readdirSync(p).join(',') : fs.readFileSync(p, 'utf8'));

describe('links planted in a run directory are refused before anything is written', () => {
  const plants: [string, 'file' | 'dir'][] = [
    ['writer.json', 'file'],
    ['report.html', 'file'],
    ['cli-run.json', 'file'],
    ['broken', 'dir'],
    ['snapshots', 'dir'],
    ['ops', 'dir'],
    ['events/000001.jsonl', 'file'],
  ];
  it.each(plants)('%s as a link: resume is E_RUN_SYMLINK and the link target is untouched', (name, kind) => {
    const { dir, outside } = planted(name, kind);
    const before = snapshot(outside);
    expect(() => openRun(dir, { forWrite: true })).toThrow(new RegExp(`^E_RUN_SYMLINK: ${join(dir, name).replace(/[.]/g, '\\.')} is a symbolic link`));
    expect(snapshot(outside)).toBe(before);
    expect(fs.existsSync(join(dir, 'writer.lock'))).toBe(false);
  });

  it('a file to be written inside the run is refused when it or a directory on its way is a link', () => {
    const { dir } = planted('broken', 'dir');
    expect(() => assertNoSymlinkOnPath(dir, join(dir, 'broken', 'x.html'))).toThrow(/^E_RUN_SYMLINK/);
    expect(() => assertNoSymlinkOnPath(dir, join(dir, 'report.html'))).not.toThrow();
    expect(() => assertNoSymlinkOnPath(dir, join(tmp.dir, 'elsewhere.html'))).not.toThrow();
  });
});
