import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createRun, readRun } from '../index.js';
import { CREATED_AT, configOf, runSession, tempDir } from '../test-support/session.js';
import { segmentFiles } from '../test-support/files.js';

const tmp = tempDir('tickfold-rotation-');
afterAll(tmp.cleanup);

async function write(name: string, segmentMaxBytes: number, ticks = 60): Promise<string> {
  const dir = join(tmp.dir, name);
  const writer = createRun({ dir, config: configOf(13), createdAt: CREATED_AT, segmentMaxBytes });
  await runSession({ seed: 13, ticks, sinks: [writer] });
  writer.close();
  return dir;
}

describe('segment rotation is a pure function of the events', () => {
  it('a new UTC date of event time starts a new segment', async () => {
    const dir = await write('date', 10 * 1024 * 1024);
    const days = new Map<string, Set<string>>();
    for (const { event, segment } of readRun(dir)) days.set(segment, (days.get(segment) ?? new Set()).add(event.time.slice(0, 10)));
    // 60 hourly ticks from midnight: 3 days, one segment each.
    expect([...days.entries()].map(([s, d]) => [s, [...d]])).toEqual([
      ['000001.jsonl', ['2024-01-02']],
      ['000002.jsonl', ['2024-01-03']],
      ['000003.jsonl', ['2024-01-04']],
    ]);
  });

  it('a segment rolls over before a line would take it past the size limit', async () => {
    const dir = await write('size', 8_000);
    const files = segmentFiles(dir);
    expect(Object.keys(files).length).toBeGreaterThan(6);
    for (const [name, bytes] of Object.entries(files)) {
      const lines = bytes.toString().split('\n').length - 1;
      // Only a segment holding one line longer than the limit may exceed it.
      if (bytes.length > 8_000) expect(lines, name).toBe(1);
    }
  });

  it('two runs of the same session produce identical files, byte for byte', async () => {
    const a = segmentFiles(await write('twice-a', 8_000));
    const b = segmentFiles(await write('twice-b', 8_000));
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const name of Object.keys(a)) expect(b[name]!.equals(a[name]!), name).toBe(true);
  });
});
