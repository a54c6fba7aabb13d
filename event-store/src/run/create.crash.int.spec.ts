import { afterAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { createRun, nodeFileLayer, openRun, type FileLayer } from '../index.js';
import { CREATED_AT, configOf, referenceSession, runSession, tempDir } from '../test-support/session.js';

const tmp = tempDir('tickfold-create-');
afterAll(tmp.cleanup);

class Killed extends Error {}

/** The real file layer, killed (every later call throws) at its `at`-th operation that changes anything. */
function killedAt(at: number): FileLayer & { ops: number } {
  let ops = 0;
  const mutating = new Set(['openAppend', 'openCreate', 'write', 'fsync', 'truncate', 'mkdir', 'unlink', 'rename', 'fsyncDir', 'writeFileAtomic']);
  const layer = { ops: 0 } as FileLayer & { ops: number };
  for (const [name, fn] of Object.entries(nodeFileLayer)) {
    (layer as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      if (ops >= at) throw new Killed(`killed at operation ${at}`);
      if (mutating.has(name) && ++ops === at) {
        layer.ops = ops;
        throw new Killed(`killed at operation ${at} (${name})`);
      }
      return (fn as (...a: unknown[]) => unknown)(...args);
    };
  }
  return layer;
}

describe('creating a run is atomic', () => {
  it('killed at each file operation of startup: no run directory, or a complete one that resumes to the uninterrupted head', async () => {
    const ticks = 8;
    const ref = await referenceSession(5, ticks);
    let none = 0;
    let complete = 0;
    for (let at = 1; ; at++) {
      const dir = join(tmp.dir, 'runs', `r-${at}`);
      const layer = killedAt(at);
      let killed = false;
      try {
        const writer = createRun({ dir, config: configOf(5), createdAt: CREATED_AT, fs: layer, files: { 'cli-run.json': '{"ticks":8}\n' } });
        // Startup ends with SessionStarted and the first tick on disk (stopped there, not ended).
        let engine: { stop(): void } | undefined;
        await runSession({ seed: 5, ticks, sinks: [writer, { write: (_r, s) => void (s.tick === 1 && engine!.stop()) }], onEngine: (e) => (engine = e) });
        writer.close();
      } catch (e) {
        if (!(e instanceof Killed)) throw e;
        killed = true;
      }
      if (!killed) break;
      // What a killed process leaves: its lock directory (the holder pid is this one, so release it by hand).
      fs.rmSync(join(dir, 'writer.lock'), { recursive: true, force: true });
      if (!fs.existsSync(dir)) {
        none += 1;
        continue;
      }
      expect(fs.readdirSync(dir).sort(), `killed at operation ${at}`).toEqual(expect.arrayContaining(['cli-run.json', 'events', 'manifest.json', 'snapshots']));
      const run = openRun(dir, { forWrite: true });
      const done = await runSession({ seed: 5, ticks, sinks: [run.writer!], ...(run.resume ? { resume: run.resume } : {}) });
      run.writer!.close({ state: done.state, head: done.head });
      expect(done.head, `killed at operation ${at}`).toBe(ref.result.head);
      complete += 1;
    }
    expect(none).toBeGreaterThan(3);
    expect(complete).toBeGreaterThan(3);
    // The stale staging directories of killed creators are cleared by the next creation.
    createRun({ dir: join(tmp.dir, 'runs', 'last'), config: configOf(5), createdAt: CREATED_AT }).close();
    expect(fs.readdirSync(join(tmp.dir, 'runs')).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});
