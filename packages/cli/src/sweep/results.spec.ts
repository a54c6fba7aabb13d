import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ranked, resultsCsv, sweepHash, parseRank, type SweepRun } from './results.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cartesian, gridFromFile, gridFromFlags } from './grid.js';

const run = (id: string, sharpe: number | null, maxDrawdown = 0.1): SweepRun => ({
  id,
  dir: `/s/runs/${id}`,
  params: { 'sma-cross': { fast: 10, slow: 30 } },
  symbol: 'SPY',
  seed: 42,
  head: id.repeat(4),
  metrics: {
    initialEquity: 1, finalEquity: 1, totalPnl: 0, totalReturn: 0, cagr: null, volatility: 0, sharpe, sortino: null, calmar: null, maxDrawdown, exposure: 0, trades: 0,
    winRate: null, profitFactor: null, avgTradeReturn: null, medianTradeReturn: null, avgHoldingDays: null, medianHoldingDays: null, fees: 0, fills: 0,
    turnoverPerYear: null, benchmarkReturn: null, benchmarkCagr: null, killSwitchTrips: 0,
  },
});

describe('sweep results', () => {
  it('the hash does not depend on the order runs finished in', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[0-9a-f]{16}$/), { minLength: 2, maxLength: 12 }), fc.nat(), (ids, k) => {
        const runs = ids.map((id) => run(id, 0));
        const shuffled = [...runs].sort((a, b) => ((a.id.charCodeAt(k % 16) ^ k) - (b.id.charCodeAt(k % 16) ^ k)));
        expect(sweepHash(shuffled)).toBe(sweepHash(runs));
      }),
    );
  });

  it('the hash changes when any head changes', () => {
    const runs = [run('a', 0), run('b', 0)];
    expect(sweepHash([runs[0]!, { ...runs[1]!, head: 'x' }])).not.toBe(sweepHash(runs));
  });

  it('ranks best first, undefined values last, ties by id; max drawdown lowest first', () => {
    const runs = [run('c', null), run('b', 1), run('a', 1), run('d', 2)];
    expect(ranked(runs, 'sharpe').map((r) => r.id)).toEqual(['d', 'a', 'b', 'c']);
    expect(ranked([run('a', 0, 0.3), run('b', 0, 0.1)], 'max-drawdown').map((r) => r.id)).toEqual(['b', 'a']);
    expect(() => parseRank('profit')).toThrow(/E_FLAG_INVALID: --rank "profit" is not one of total-return, cagr/);
  });

  it('writes one CSV row per run with a column per parameter and metric', () => {
    const [header, row] = resultsCsv([run('a', 1.5)]).split('\n');
    expect(header).toMatch(/^rank,id,symbol,seed,sma-cross.fast,sma-cross.slow,initialEquity,finalEquity,totalPnl,totalReturn,cagr,volatility,sharpe,.*,killSwitchTrips,head,dir$/);
    expect(row).toMatch(/^1,a,SPY,42,10,30,1,1,0,0,,0,1.5,,,0.1,.*,aaaa,\/s\/runs\/a$/);
    expect(row!.split(',')).toHaveLength(header!.split(',').length);
  });
});

describe('grid', () => {
  it('is the cartesian product, the last axis varying fastest', () => {
    const points = cartesian(gridFromFlags(['sma-cross.fast=5,10', 'sma-cross.slow=30,50,100']));
    expect(points.map((p) => p.map((x) => x.value).join('/'))).toEqual(['5/30', '5/50', '5/100', '10/30', '10/50', '10/100']);
  });

  it('refuses a value that is not a number or is repeated', () => {
    expect(() => gridFromFlags(['sma-cross.fast=5,x'])).toThrow(/E_FLAG_INVALID: --grid "x" is not a number/);
    expect(() => gridFromFlags(['sma-cross.fast=5,5.0'])).toThrow(/lists a value twice/);
  });

  it('reads the same grid from a JSON file, and names the bad entry of a wrong one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tickfold-grid-'));
    writeFileSync(join(dir, 'grid.json'), JSON.stringify({ 'sma-cross': { fast: [5, 10], slow: [30, 50, 100] } }));
    expect(gridFromFile('grid.json', dir)).toEqual(gridFromFlags(['sma-cross.fast=5,10', 'sma-cross.slow=30,50,100']));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ 'sma-cross': { fast: '5,10' } }));
    expect(() => gridFromFile('bad.json', dir)).toThrow(/E_CONFIG_INVALID: grid file .*bad.json: \/sma-cross\/fast must be an array of numbers/);
  });
});
