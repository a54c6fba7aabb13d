import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '@tickfold/core';
import { inProcess } from '../test-support/memoryIo.js';
import { tempDir } from '../test-support/cli.js';

const cwd = tempDir('tickfold-limits-');
const config = (name: string, value: unknown) => (writeFileSync(join(cwd, name), JSON.stringify(value)), name);

const tickfold = (args: string[]) => inProcess(cwd, args);
const runsMade = () => (existsSync(join(cwd, 'runs')) ? readdirSync(join(cwd, 'runs')).length : 0);

describe('every config value is bounded so that an accepted config runs to its end', () => {
  it.each([
    ['cash', ['--cash', String(LIMITS.cash)]],
    ['clock step', ['--config', config('step.json', { clock: { stepMs: LIMITS.stepMs } })]],
    ['min-bars', ['--min-bars', String(LIMITS.bars), '--ticks', '3']],
    ['slow window', ['--strategy', 'sma-cross', '--slow', String(LIMITS.bars), '--ticks', '3']],
    ['symbols', ['--config', config('symbols.json', { symbols: Array.from({ length: 40 }, (_, i) => `S${i}`) }), '--ticks', '3']],
  ])('at the %s limit the run completes', async (_what, args) => {
    const r = await tickfold(['run', '--ticks', '30', ...args, '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  it.each([
    ['cash', ['--cash', '1.7e308'], 'field /cash must be <='],
    ['clock step', ['--config', config('step-big.json', { clock: { stepMs: 1e15 } })], 'field /clock/stepMs must be <='],
    ['min-bars', ['--min-bars', '1000000000'], 'field /data/minBars must be <='],
    ['slow window', ['--strategy', 'sma-cross', '--slow', String(LIMITS.bars + 1)], `E_CONFIG_LIMIT: the strategies need ${LIMITS.bars + 1} bars`],
    ['symbols', ['--config', config('symbols-big.json', { symbols: Array.from({ length: LIMITS.symbols + 1 }, (_, i) => `S${i}`) })], 'field /symbols must NOT have more than'],
    ['weight', ['--config', config('weight.json', { strategies: [{ name: 'momentum', weight: 1e308 }] })], 'field /strategies/0/weight must be <='],
    ['last tick time', ['--config', config('far.json', { clock: { stepMs: LIMITS.stepMs } }), '--ticks', '9000'], 'E_CONFIG_LIMIT: 9000 ticks of'],
  ])('past the %s limit it is refused before a run directory exists', async (_what, args, message) => {
    const before = runsMade();
    const r = await tickfold(['run', ...args]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(runsMade()).toBe(before);
  });
});
