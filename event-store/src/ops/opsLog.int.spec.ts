import { afterAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { createRun } from '../index.js';
import { createOpsLog } from './opsLog.js';
import { CREATED_AT, configOf, runSession, tempDir } from '../test-support/session.js';

const tmp = tempDir('tickfold-ops-');
afterAll(tmp.cleanup);

const readLines = (dir: string) =>
  fs.readdirSync(dir).sort().flatMap((f) => fs.readFileSync(join(dir, f), 'utf8').split('\n').slice(0, -1).map((l) => ({ file: f, line: JSON.parse(l) as Record<string, unknown> })));

describe('ops log', () => {
  it('writes session start and end, a heartbeat per tick and every fallback at warning level, stamped with event time', async () => {
    const run = join(tmp.dir, 'run');
    const writer = createRun({ dir: run, config: configOf(17), createdAt: CREATED_AT, opsLog: true });
    const result = await runSession({ seed: 17, ticks: 50, sinks: [writer] });
    writer.close();
    const lines = readLines(join(run, 'ops')).map((l) => l.line);
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'session started', seq: 1, seed: 17, time: '2024-01-02T00:00:00.000Z' });
    expect(lines.at(-1)).toMatchObject({ level: 'info', msg: 'session ended', reason: 'completed', ticks: 50 });
    const beats = lines.filter((l) => l['msg'] === 'heartbeat');
    expect(beats.map((b) => b['tick'])).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(beats[0]!['symbols']).toHaveProperty('SPY.position');
    expect(beats[0]!['symbols']).toHaveProperty('QQQ.equity');
    const fallbacks = lines.filter((l) => l['msg'] === 'feed fallback');
    expect(fallbacks.length).toBeGreaterThan(0);
    for (const f of fallbacks) expect(f).toMatchObject({ level: 'warn', reason: 'injected', attempts: 3, symbol: expect.stringMatching(/^(QQQ|SPY)$/) });
    expect(lines.filter((l) => l['msg'] === 'fill').length).toBeGreaterThan(0);
    for (const l of lines) expect(l).not.toHaveProperty('pid');
    expect(result.ticks).toBe(50);
  });

  it('rotates by the UTC date of event time and by size, and two runs write identical files', async () => {
    const write = async (name: string) => {
      const dir = join(tmp.dir, name);
      const ops = createOpsLog({ dir, maxBytes: 4_000 });
      await runSession({ seed: 17, ticks: 50, sinks: [ops] });
      ops.close();
      return dir;
    };
    const a = await write('ops-a');
    const b = await write('ops-b');
    const files = fs.readdirSync(a).sort();
    expect(files.some((f) => f.startsWith('2024-01-02.2.'))).toBe(true);
    expect(new Set(files.map((f) => f.slice(0, 10)))).toEqual(new Set(['2024-01-02', '2024-01-03', '2024-01-04']));
    for (const { file, line } of readLines(a)) expect(String(line['time']).slice(0, 10)).toBe(file.slice(0, 10));
    for (const f of files) expect(fs.statSync(join(a, f)).size).toBeLessThanOrEqual(4_000);
    expect(fs.readdirSync(b).sort()).toEqual(files);
    for (const f of files) expect(fs.readFileSync(join(b, f)).equals(fs.readFileSync(join(a, f)))).toBe(true);
  });

  it('a reopened ops log of a yearly-rotated run continues its newest file, not the first of the year', () => {
    const dir = join(tmp.dir, 'yearly');
    const msg = (i: number) => `line ${i} ${'x'.repeat(60)}`;
    const first = createOpsLog({ dir, rotation: 'year', maxBytes: 600 });
    for (let i = 0; i < 5; i++) first.error(new Error(msg(i)), `2024-03-0${i + 1}T00:00:00.000Z`);
    first.close();
    const before = fs.readdirSync(dir).sort();
    expect(before).toEqual(['2024.1.jsonl', '2024.2.jsonl', '2024.3.jsonl']);
    const part1 = fs.readFileSync(join(dir, '2024.1.jsonl'));
    const again = createOpsLog({ dir, rotation: 'year', maxBytes: 600 });
    again.error(new Error('after reopening'), '2024-03-09T00:00:00.000Z');
    again.close();
    expect(fs.readFileSync(join(dir, '2024.1.jsonl')).equals(part1)).toBe(true);
    const messages = readLines(dir).map((l) => l.line['msg']);
    expect(messages).toEqual([msg(0), msg(1), msg(2), msg(3), msg(4), 'after reopening']);
  });

  it('logs errors with their code, and values that JSON cannot hold, as valid JSON', () => {
    const dir = join(tmp.dir, 'errors');
    const ops = createOpsLog({ dir });
    ops.error(Object.assign(new Error('disk full'), { code: 'ENOSPC' }), '2024-05-01T10:00:00.000Z', { nan: NaN, big: 2n ** 70n, at: new Date(0), raw: new Uint16Array([1, 2]) });
    ops.close();
    const { line } = readLines(dir)[0]!;
    expect(line).toEqual({
      level: 'error',
      time: '2024-05-01T10:00:00.000Z',
      msg: 'disk full',
      nan: 'NaN',
      big: '1180591620717411303424',
      at: '1970-01-01T00:00:00.000Z',
      raw: [1, 2],
      err: { name: 'Error', message: 'disk full', code: 'ENOSPC' },
    });
  });
});
