import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { json, tempDir, tickfold } from '../test-support/cli.js';
import type { RunSummary } from '../output/summary.js';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-fixtures/ohlcv');
const cwd = tempDir('tickfold-csv-');
cpSync(fixtures, join(cwd, 'data'), { recursive: true });

describe.concurrent('CSV backtests (spawned)', () => {
  it('runs every bar of a Yahoo CSV by default, symbol from the file name, and replays to the same state', async () => {
    const args = ['run', '--csv', 'data/orcl-2003-2005.csv', '--strategy', 'sma-cross', '--fast', '10', '--slow', '30', '--fill', 'next-open', '--sizing', 'whole', '--fee-bps', '10', '--no-kill-switches', '--out', 'runs/orcl', '--json'];
    const run = await tickfold(args, cwd);
    expect(run.code).toBe(0);
    const s = json<RunSummary>(run);
    expect(s.ticks).toBe(756);
    expect(Object.keys(s.symbols)).toEqual(['ORCL']);
    const orcl = s.symbols['ORCL']!;
    expect(orcl.fills).toBeGreaterThan(4);
    expect(Number.isInteger(orcl.position)).toBe(true);
    const replay = await tickfold(['replay', 'runs/orcl', '--json'], cwd);
    expect(json(replay)).toEqual(s);
  });

  it('CSV paths in a --config file are relative to that file', async () => {
    mkdirSync(join(cwd, 'configs'));
    writeFileSync(join(cwd, 'configs/orcl.json'), JSON.stringify({ feed: { kind: 'csv', options: { files: { ORCL: '../data/orcl-2003-2005.csv' } } }, symbols: ['ORCL'], data: { minBars: 20 } }));
    const run = await tickfold(['run', '--config', 'configs/orcl.json', '--ticks', '50', '--out', 'runs/from-config', '--json'], cwd);
    expect(run.code, run.stderr).toBe(0);
    expect(json<RunSummary>(run).ticks).toBe(50);
  });

  it('--symbols renames the files’ symbols, and --ticks cuts the run short', async () => {
    const run = await tickfold(['run', '--csv', 'data/orcl-2003-2005.csv,data/nvda-1999-2014.csv', '--symbols', 'oracle,nvidia', '--ticks', '120', '--min-bars', '20', '--out', 'runs/two', '--json'], cwd);
    expect(run.code).toBe(0);
    const s = json<RunSummary>(run);
    expect(Object.keys(s.symbols)).toEqual(['NVIDIA', 'ORACLE']);
    expect(s.ticks).toBe(120);
  });
});
