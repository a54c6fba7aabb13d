import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { json, start, tempDir, tickfold } from '../test-support/cli.js';
import type { RunSummary } from '../output/summary.js';

interface SweepJson {
  sweep: string;
  hash: string;
  runs: { id: string; dir: string; params: Record<string, Record<string, number>>; symbol: string; seed: number; head: string; metrics: Record<string, number | null> }[];
}

const FIXTURE = resolve(dirname(fileURLToPath(import.meta.url)), '../../../feed/test-fixtures/ohlcv/nvda-1999-2014.csv');
const cwd = tempDir('tickfold-sweep-');
copyFileSync(FIXTURE, join(cwd, 'nvda.csv'));
const FAST = ['5', '10', '20'];
const SLOW = ['30', '50', '100'];
const BASE = ['--csv', 'nvda.csv', '--strategy', 'sma-cross', '--ticks', '1000', '--fee-bps', '5'];
const GRID = ['--grid', `sma-cross.fast=${FAST.join(',')}`, '--grid', `sma-cross.slow=${SLOW.join(',')}`];
const sweep = (out: string, extra: string[] = []) => tickfold(['sweep', ...BASE, ...GRID, '--out', out, '--json', ...extra], cwd);

describe('tickfold sweep', { timeout: 480_000 }, () => {
  it('a 3×3 grid gives the heads of nine separate runs, and the same hash twice', async () => {
    const first = await sweep('sweeps/a');
    expect(first.code, first.stderr).toBe(0);
    const a = json<SweepJson>(first);
    expect(Object.keys(a).sort()).toEqual(['hash', 'runs', 'sweep']);
    expect(a.runs).toHaveLength(9);
    expect(Object.keys(a.runs[0]!).sort()).toEqual(['dir', 'head', 'id', 'metrics', 'params', 'seed', 'symbol']);
    expect(Object.keys(a.runs[0]!.metrics)).toEqual(expect.arrayContaining(['totalReturn', 'cagr', 'sharpe', 'sortino', 'maxDrawdown', 'trades']));
    // Ranked by total return, best first.
    const returns = a.runs.map((r) => r.metrics['totalReturn']!);
    expect(returns).toEqual([...returns].sort((x, y) => y - x));

    for (const fast of FAST) {
      for (const slow of SLOW) {
        const alone = await tickfold(['run', ...BASE, '--param', `sma-cross.fast=${fast}`, '--param', `sma-cross.slow=${slow}`, '--out', `runs/${fast}-${slow}`, '--json'], cwd);
        const run = a.runs.find((r) => r.params['sma-cross']!['fast'] === Number(fast) && r.params['sma-cross']!['slow'] === Number(slow))!;
        expect(run, `${fast}/${slow}`).toBeDefined();
        expect(run).toMatchObject({ symbol: 'NVDA', seed: 42, head: json<RunSummary>(alone).head });
      }
    }
    const second = json<SweepJson>(await sweep('sweeps/b'));
    expect(second.hash).toBe(a.hash);
    expect(second.runs.map((r) => [r.id, r.head])).toEqual(a.runs.map((r) => [r.id, r.head]));

    // Each combination is an ordinary run: verify and replay work on it unchanged.
    const dir = a.runs[0]!.dir;
    expect((await tickfold(['verify', dir], cwd)).code).toBe(0);
    expect(json<RunSummary>(await tickfold(['replay', dir, '--json'], cwd)).head).toBe(a.runs[0]!.head);
    expect(readFileSync(join(cwd, 'sweeps/a/results.csv'), 'utf8').split('\n')[0]).toMatch(/^rank,id,symbol,seed,sma-cross.fast,sma-cross.slow,.*totalReturn,.*,head,dir$/);

    // SIGKILLed mid-sweep (as soon as its first run has finished), then --resume: finished runs
    // kept, the rest resumed or run, the same hash.
    const killed = start(['sweep', ...BASE, ...GRID, '--out', 'sweeps/killed', '--workers', '2'], cwd);
    let exited = false;
    void killed.done.then(() => (exited = true));
    const results = join(cwd, 'sweeps/killed/results');
    while (!(existsSync(results) && readdirSync(results).length >= 1)) {
      if (exited) throw new Error(`the sweep exited before the kill: ${(await killed.done).stderr}`);
      await sleep(5);
    }
    killed.child.kill('SIGKILL');
    expect((await killed.done).signal).toBe('SIGKILL');
    expect(readdirSync(results).length).toBeLessThan(9);
    const resumed = await tickfold(['sweep', '--resume', 'sweeps/killed', '--json'], cwd);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(json<SweepJson>(resumed).hash).toBe(a.hash);
    // And a second --resume of the finished sweep keeps everything, checked by head.
    expect(json<SweepJson>(await tickfold(['sweep', '--resume', 'sweeps/killed', '--json'], cwd)).hash).toBe(a.hash);
  });

  it("lists combinations a strategy's check rejects as skipped, runs the rest, and multiplies symbols and seeds", async () => {
    const o = await tickfold(['sweep', '--strategy', 'sma-cross', '--symbols', 'SPY,QQQ', '--ticks', '120', '--grid', 'sma-cross.fast=10,40', '--grid', 'sma-cross.slow=30', '--seeds', '1,2', '--out', 'sweeps/skip', '--json'], cwd);
    expect(o.code, o.stderr).toBe(0);
    const s = json<SweepJson>(o);
    expect(s.runs.map((r) => `${r.symbol} ${r.seed} ${JSON.stringify(r.params['sma-cross'])}`).sort()).toEqual(
      ['QQQ 1', 'QQQ 2', 'SPY 1', 'SPY 2'].map((x) => `${x} {"fast":10,"slow":30}`),
    );
    expect(new Set(s.runs.map((r) => r.id)).size).toBe(4);
    expect(o.stderr.match(/skipped sma-cross.fast=40 sma-cross.slow=30.*slow must be an integer > fast/g)).toHaveLength(4);
  });

  it('a grid naming an unknown parameter is a coded error before anything runs', async () => {
    const o = await tickfold(['sweep', '--strategy', 'sma-cross', '--grid', 'sma-cross.fats=5,10', '--out', 'sweeps/bad'], cwd);
    expect(o.code).toBe(2);
    expect(o.stderr).toMatch(/E_CONFIG_INVALID: .*'sma-cross' has no parameter 'fats'/);
    expect(existsSync(join(cwd, 'sweeps/bad'))).toBe(false);
  });
});
