import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../program.js';
import type { RunSummary } from '../output/summary.js';
import { memoryIo } from '../test-support/memoryIo.js';
import { OHLCV } from '../test-support/csvRun.js';
import { tempDir } from '../test-support/cli.js';

const cwd = tempDir('tickfold-export-');
let summary: RunSummary;

const tickfold = async (...argv: string[]) => {
  const io = memoryIo(cwd);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
};
const rowsOf = (csv: string) => csv.trimEnd().split('\n').map((line) => line.split(','));

beforeAll(async () => {
  cpSync(join(OHLCV, 'orcl-2003-2005.csv'), join(cwd, 'orcl.csv'));
  // No drawdown switch, so the run trades to the end of the file and keeps a position open.
  const run = await tickfold('run', '--csv', 'orcl.csv', '--strategy', 'sma-cross', '--fast', '5', '--slow', '20', '--min-bars', '20', '--no-kill-switches', '--out', 'runs/r', '--json');
  expect(run.code).toBe(0);
  summary = JSON.parse(run.out) as RunSummary;
});

describe('tickfold export', () => {
  it('--trades writes one row per round trip, and the trips add up to the account P&L', async () => {
    const r = await tickfold('export', 'runs/r', '--trades', '--out', 'trades.csv', '--json');
    expect(r.code).toBe(0);
    const [header, ...rows] = rowsOf(readFileSync(join(cwd, 'trades.csv'), 'utf8'));
    expect(header).toEqual(['symbol', 'side', 'entry_time', 'entry_tick', 'entry_price', 'exit_time', 'exit_tick', 'exit_price', 'max_qty', 'holding_days', 'pnl', 'return', 'fees', 'fills', 'entry_cause', 'exit_cause', 'open']);
    const orcl = summary.symbols['ORCL']!;
    expect(orcl.roundTrips).toBeGreaterThan(5);
    const closed = rows.filter((row) => row[16] === 'false');
    expect(closed).toHaveLength(orcl.roundTrips);
    expect(rows.length - closed.length).toBe(orcl.position === 0 ? 0 : 1);
    expect(JSON.parse(r.out)).toMatchObject({ kind: 'trades', rows: rows.length });
    // Each trip's cash flows, fees and (for the open one) the last mark: together, the whole P&L.
    const pnl = rows.reduce((sum, row) => sum + Number(row[10]), 0);
    expect(pnl).toBeCloseTo(orcl.totalPnl, 6);
    const fills = rows.reduce((sum, row) => sum + Number(row[13]), 0);
    // A fill through zero belongs to two trips.
    expect(fills).toBeGreaterThanOrEqual(orcl.fills);
  });

  it('--equity prints one row per tick on stdout, ending at the summary equity', async () => {
    const r = await tickfold('export', 'runs/r', '--equity');
    expect(r.code).toBe(0);
    const [header, ...rows] = rowsOf(r.out);
    expect(header).toEqual(['time', 'tick', 'symbol', 'equity', 'position', 'close', 'drawdown', 'buy_and_hold', 'in_span']);
    expect(rows).toHaveLength(summary.ticks);
    expect(rows[0]!.slice(0, 3)).toEqual(['2003-01-02T00:00:00.000Z', '1', 'ORCL']);
    expect(Number(rows.at(-1)![3])).toBe(summary.symbols['ORCL']!.equity);
    expect(Number(rows.at(-1)![5])).toBe(12.21);
    expect(Math.max(...rows.map((row) => Number(row[6])))).toBeCloseTo(summary.symbols['ORCL']!.metrics.maxDrawdown, 12);
  });

  it('refuses neither or both of --trades and --equity, naming the fix', async () => {
    for (const flags of [[], ['--trades', '--equity']]) {
      const r = await tickfold('export', 'runs/r', ...flags);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^tickfold: E_FLAG_INVALID: export needs exactly one of --trades or --equity \(e\.g\. tickfold export runs\/r --trades --out trades\.csv\)/);
    }
  });
});
