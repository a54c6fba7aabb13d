import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createEngine } from '@tickfold/core';
import { createRun, verifyRun } from '@tickfold/event-store';
import { walkFeed } from '../test-support/memoryRun.js';
import { memoryIo } from '../test-support/memoryIo.js';
import { tempDir } from '../test-support/cli.js';
import { logBytes, withReadProgress } from './readProgress.js';

async function recordedRun(): Promise<string> {
  const dir = join(tempDir('tickfold-progress-'), 'run');
  const config = { symbols: ['AAA'], data: { minBars: 10 } };
  const writer = createRun({ dir, config, createdAt: '2026-01-01T00:00:00.000Z', policy: { kind: 'close' } });
  const r = await createEngine(config, { feed: walkFeed(2), sinks: [writer] }).run({ ticks: 60 });
  writer.close({ state: r.state, head: r.head });
  return dir;
}

describe('progress of a synchronous store call, by bytes read', () => {
  it('counts every byte of the log the store reads and ends at the log size', async () => {
    const dir = await recordedRun();
    let text = '';
    const stderr = Object.assign(new Writable({ write: (c, _e, done) => ((text += String(c)), done()) }), { isTTY: true, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    const io = { ...memoryIo(dir), stderr };
    const { fs, progress } = withReadProgress(dir, io, 'verify', true, 0);
    expect(verifyRun(dir, { fs }).ok).toBe(true);
    progress.stop();
    const totalMb = Math.round((logBytes(dir) / 1024 / 1024) * 10) / 10;
    expect(logBytes(dir)).toBeGreaterThan(0);
    expect(text).toContain(`verify [`);
    expect(text).toContain(`/${totalMb} MB`);
  });

  it('counts the bytes another thread of the store read in its place (readElsewhere)', async () => {
    const dir = await recordedRun();
    let text = '';
    const stderr = Object.assign(new Writable({ write: (c, _e, done) => ((text += String(c)), done()) }), { isTTY: true, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    const { fs, progress } = withReadProgress(dir, { ...memoryIo(dir), stderr }, 'verify', true, 0);
    fs.readElsewhere?.(logBytes(dir));
    progress.stop();
    const totalMb = Math.round((logBytes(dir) / 1024 / 1024) * 10) / 10;
    expect(text).toContain(`100% | ${totalMb}/${totalMb} MB`);
  });

  it('stays out of the way when disabled', async () => {
    const dir = await recordedRun();
    const io = memoryIo(dir);
    const { fs } = withReadProgress(dir, io, 'verify', false);
    expect(verifyRun(dir, { fs }).ok).toBe(true);
    expect(io.err()).toBe('');
  });
});
