import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { json, tempDir, tickfold } from '../test-support/cli.js';
import type { RunSummary } from '../output/summary.js';

// The feed package's copies of the real Yahoo CSVs (ORCL 1995–2014, NVDA 1999–2014, YHOO 1996–2015).
const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../../../feed/test-fixtures/ohlcv');
const cwd = tempDir('tickfold-csvdata-');
cpSync(fixtures, join(cwd, 'data'), { recursive: true });
const SMA = ['--fsync', 'close', '--strategy', 'sma-cross', '--fast', '10', '--slow', '30', '--fill', 'next-open', '--sizing', 'whole', '--fee-bps', '10'];
const events = (run: string) => readdirSync(join(cwd, run, 'events')).sort().map((f) => readFileSync(join(cwd, run, 'events', f), 'utf8')).join('');

describe.concurrent('CSV backtests a quant would trust (spawned)', { timeout: 60_000 }, () => {
  it('trades three files of different spans over their whole spans, kill switches at their defaults', async () => {
    const run = await tickfold(['run', '--csv', 'data/orcl-1995-2014.csv,data/nvda-1999-2014.csv,data/yhoo-1996-2015.csv', ...SMA, '--out', 'runs/three', '--json'], cwd);
    expect(run.code, run.stderr).toBe(0);
    const s = json<RunSummary>(run);
    expect(s.ticks).toBe(5288);
    for (const symbol of ['NVDA', 'ORCL', 'YHOO']) expect(s.symbols[symbol]!.fills, symbol).toBeGreaterThan(40);
    expect(run.stderr).toBe('');
  }, 180_000);

  it('runs the README example to its last bar, trading from the strategy’s own window', async () => {
    const run = await tickfold(['run', '--csv', 'data/orcl-2003-2005.csv', ...SMA, '--out', 'runs/readme'], cwd);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^run completed: 756 ticks/);
    expect(run.stdout).not.toContain('halted');
    const { config } = JSON.parse(readFileSync(join(cwd, 'runs/readme/manifest.json'), 'utf8')) as { config: { data: { minBars: number }; risk: Record<string, unknown> } };
    expect(config.data.minBars).toBe(30);
    expect(config.risk).toEqual({ maxDrawdown: null, dailyLoss: null, maxConsecutiveFallbacks: 5 });
  });

  it('says on the summary which symbol a kill switch halted, when and why', async () => {
    const run = await tickfold(['run', '--csv', 'data/orcl-2003-2005.csv', ...SMA, '--max-drawdown', '20%', '--out', 'runs/halted'], cwd);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/ORCL halted by max-drawdown at tick \d+ \(200\d-\d\d-\d\d\): drawdown 2\d\.\d\d% reached the 20\.00% limit; flattened, no new orders/);
  });

  it('reports each bad row on stderr and in the log; --strict refuses the file with file, line and field and writes nothing', async () => {
    const rows = readFileSync(join(cwd, 'data/orcl-2003-2005.csv'), 'utf8').trimEnd().split('\n');
    rows[10] = rows[10]!.replace(/^([^,]+,[^,]+),[^,]+/, '$1,abc'); // line 11: High
    rows[20] = '2003-02-03,null,null,null,null,null,null'; // line 21
    rows.splice(40, 0, rows[5]!); // line 41: a row of January again, out of order
    writeFileSync(join(cwd, 'data/dirty-2003.csv'), rows.join('\n') + '\n');
    const run = await tickfold(['run', '--csv', 'data/dirty-2003.csv', '--ticks', '60', '--fsync', 'close', '--out', 'runs/dirty'], cwd);
    expect(run.code, run.stderr).toBe(0);
    const warnings = run.stderr.trim().split('\n');
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toBe("tickfold: warning: data/dirty-2003.csv:11: high 'abc' is not a finite number (row dropped; --strict makes this an error)");
    expect(warnings[1]).toContain('data/dirty-2003.csv:21: open \'null\' is not a finite number');
    expect(warnings[2]).toContain("data/dirty-2003.csv:41: date 2003-01-08 is before the previous row's 2003-02-27 (line 40)");
    expect(events('runs/dirty')).toContain('"problems":[{"file":"data/dirty-2003.csv","line":11,"reason":"high \'abc\' is not a finite number"}]');

    const strict = await tickfold(['run', '--csv', 'data/dirty-2003.csv', '--strict', '--out', 'runs/strict'], cwd);
    expect(strict.code).not.toBe(0);
    expect(strict.stderr).toContain("E_CSV_BAD_ROW: data/dirty-2003.csv:11: high 'abc' is not a finite number (field High)");
    expect(existsSync(join(cwd, 'runs/strict'))).toBe(false);
  });

  it('--from and --to cut a file-backed run to a date range, and refuse bad or empty ranges', async () => {
    const run = await tickfold(['run', '--csv', 'data/orcl-2003-2005.csv', '--from', '2004-01-01', '--to', '2004-12-31', '--min-bars', '5', '--fsync', 'close', '--out', 'runs/2004', '--json'], cwd);
    expect(run.code, run.stderr).toBe(0);
    expect(json<RunSummary>(run).ticks).toBe(252);
    const log = events('runs/2004');
    expect(log).toContain('"time":"2004-01-02T00:00:00.000Z"');
    expect(log).not.toContain('"time":"2003-12-31T00:00:00.000Z"');
    expect(log).not.toContain('"time":"2005-01-03T00:00:00.000Z"');

    const bad = await tickfold(['run', '--csv', 'data/orcl-2003-2005.csv', '--from', '2004-02-30'], cwd);
    expect(bad.stderr).toContain('E_FLAG_INVALID: --from "2004-02-30" is not a calendar date YYYY-MM-DD');
    const reversed = await tickfold(['run', '--csv', 'data/orcl-2003-2005.csv', '--from', '2005-01-01', '--to', '2004-01-01'], cwd);
    expect(reversed.stderr).toContain('E_FLAG_INVALID: --from 2005-01-01 is after --to 2004-01-01');
    const empty = await tickfold(['run', '--csv', 'data/orcl-2003-2005.csv', '--from', '2010-01-01'], cwd);
    expect(empty.stderr).toContain('E_CSV_RANGE: data/orcl-2003-2005.csv (ORCL) has no valid row from 2010-01-01');
    expect([bad.code, reversed.code, empty.code].every((c) => c !== 0)).toBe(true);
    const synthetic = await tickfold(['run', '--from', '2004-01-01'], cwd);
    expect(synthetic.stderr).toContain('E_FLAG_INVALID: --from is for runs over CSV files');
  });
});
