import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimRunDir, newRunDir, readRunOptions, RUN_OPTIONS_FILE } from './runDir.js';
import { tempDir } from './test-support/cli.js';

describe('run directories', () => {
  it('names a new run after the UTC time and seed, and never reuses a name', () => {
    const cwd = tempDir('tickfold-dirs-');
    const now = new Date('2026-01-24T10:15:00.000Z');
    const first = newRunDir(cwd, now, 42);
    expect(first).toBe(join(cwd, 'runs/20260124-101500-seed42'));
    mkdirSync(first, { recursive: true });
    expect(newRunDir(cwd, now, 42)).toBe(`${first}-2`);
  });

  it('refuses an --out directory that holds files, accepts an empty one', () => {
    const cwd = tempDir('tickfold-dirs-');
    mkdirSync(join(cwd, 'empty'));
    expect(claimRunDir(cwd, 'empty')).toBe(join(cwd, 'empty'));
    writeFileSync(join(cwd, 'empty/x'), '');
    expect(() => claimRunDir(cwd, 'empty')).toThrow(/E_RUN_EXISTS: run directory .*empty already exists; .* --resume empty/);
  });

  it('a run without its CLI options cannot be resumed, and says why', () => {
    const cwd = tempDir('tickfold-dirs-');
    expect(() => readRunOptions(cwd)).toThrow(/E_RUN_OPTIONS: cannot read .*cli-run.json/);
    writeFileSync(join(cwd, RUN_OPTIONS_FILE), '{"ticks":"ten"}');
    expect(() => readRunOptions(cwd)).toThrow(/ticks or baseDir missing/);
  });
});
