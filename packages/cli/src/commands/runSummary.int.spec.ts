import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../program.js';
import type { RunSummary } from '../output/summary.js';
import { memoryIo } from '../test-support/memoryIo.js';
import { OHLCV } from '../test-support/csvRun.js';
import { tempDir } from '../test-support/cli.js';

const cwd = tempDir('tickfold-summary-');
cpSync(join(OHLCV, 'orcl-2003-2005.csv'), join(cwd, 'orcl.csv'));
// The config file's unit: a fraction of the high-water mark.
writeFileSync(join(cwd, 'dd.json'), JSON.stringify({ risk: { maxDrawdown: 0.2 }, strategies: [{ name: 'sma-cross', weight: 1, params: { fast: 10, slow: 30 } }] }));

describe('run summary of a run a kill switch ended', () => {
  it('run --json carries the end reason and the switch that halted each symbol, with its tick and values', async () => {
    const io = memoryIo(cwd);
    expect(await main(['run', '--config', 'dd.json', '--csv', 'orcl.csv', '--out', 'runs/a', '--json'], io)).toBe(0);
    const s = JSON.parse(io.out()) as RunSummary;
    expect(s.endReason).toBe('all-halted');
    const halted = s.symbols['ORCL']!.haltedBy!;
    expect(halted).toMatchObject({ kind: 'max-drawdown', tick: s.ticks, limit: 0.2, until: null });
    expect(halted.value).toBeGreaterThanOrEqual(0.2);
    expect(s.symbols['ORCL']!.metrics.haltedBy).toEqual(halted);
    expect(s.symbols['ORCL']!.metrics.span!.to.slice(0, 10)).toBe(halted.time.slice(0, 10));
  });

  it('the piped summary names the halted symbol and why, without colour codes', async () => {
    const io = memoryIo(cwd);
    expect(await main(['run', '--config', 'dd.json', '--csv', 'orcl.csv', '--out', 'runs/b'], io)).toBe(0);
    expect(io.out()).toMatch(/^run ended, every symbol halted by a kill switch: \d+ ticks/);
    expect(io.out()).toMatch(/\nORCL halted by max-drawdown at tick \d+ \(2004-\d\d-\d\d\): drawdown \d+\.\d\d% reached the 20\.00% limit; flattened, no new orders\n/);
    expect(io.out()).not.toContain('\u001b[');
  });

  it('on a colour terminal 80 columns wide the summary is coloured and every table line fits', async () => {
    const io = memoryIo(cwd);
    Object.assign(io.stdout, { isTTY: true, columns: 80, hasColors: () => true });
    expect(await main(['run', '--config', 'dd.json', '--csv', 'orcl.csv', '--out', 'runs/c'], io)).toBe(0);
    const out = io.out();
    expect(out).toContain('\u001b[33mORCL halted by max-drawdown');
    expect(out).toMatch(/\u001b\[31m-\d+\.\d\d%/);
    const table = out.split('\n').filter((l) => /^[┌│└]/.test(l.replace(/\u001b\[\d+m/g, '')));
    expect(table.length).toBeGreaterThan(2);
    for (const line of table) expect(line.replace(/\u001b\[\d+m/g, '').length).toBeLessThanOrEqual(80);
  });
});
