import { appendFileSync, cpSync, mkdirSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { json, start, tempDir, tickfold } from '../test-support/cli.js';
import type { RunSummary } from '../output/summary.js';

const EXAMPLES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../examples/strategies');
const cwd = tempDir('tickfold-strategy-file-');
cpSync(EXAMPLES, join(cwd, 'strategies'), { recursive: true });
const RSI = ['--strategy-file', 'strategies/rsi-reversion.mjs', '--param', 'rsi-reversion.period=10'];
const TICKS = '1500';
const whole = tickfold(['run', ...RSI, '--ticks', TICKS, '--seed', '5', '--out', 'runs/whole', '--json'], cwd).then((o) => json<RunSummary>(o));

const logBytes = (dir: string) => {
  const events = join(cwd, dir, 'events');
  return existsSync(events) ? readdirSync(events).reduce((n, f) => n + statSync(join(events, f)).size, 0) : 0;
};

describe('a strategy from a file', { timeout: 240_000 }, () => {
  it('runs, verifies, replays and reports; SIGKILLed and resumed it reaches the uninterrupted head', async () => {
    // Asked for far more ticks than it can reach before the kill lands, with no kill switch to
    // halt it early, so the kill never races the session's end (group commit
    // included); resumed to a total a little past where it stopped and compared with an uninterrupted run of that total (a session's log does not depend on its total).
    const run = start(['run', ...RSI, '--no-kill-switches', '--ticks', '1000000', '--seed', '5', '--out', 'runs/killed'], cwd);
    let exited = false;
    void run.done.then(() => (exited = true));
    while (logBytes('runs/killed') < 300_000) {
      if (exited) throw new Error(`the run exited before the kill: ${(await run.done).stderr}`);
      await sleep(25);
    }
    run.child.kill('SIGKILL');
    expect((await run.done).signal).toBe('SIGKILL');
    const total = String(json<{ ticks: number }>(await tickfold(['verify', 'runs/killed', '--json'], cwd)).ticks + 20);
    const resumed = await tickfold(['run', '--resume', 'runs/killed', '--ticks', total, '--json'], cwd);
    expect(resumed.code, resumed.stderr).toBe(0);
    const reference = json<RunSummary>(await tickfold(['run', ...RSI, '--no-kill-switches', '--ticks', total, '--seed', '5', '--out', 'runs/reference', '--json'], cwd));
    expect(json<RunSummary>(resumed).head).toBe(reference.head);
    const uninterrupted = await whole;
    expect(uninterrupted.symbols['SPY']!.fills).toBeGreaterThan(0);

    expect((await tickfold(['verify', 'runs/whole'], cwd)).code).toBe(0);
    const replayed = await tickfold(['replay', 'runs/whole', '--json'], cwd);
    expect(replayed.code, replayed.stderr).toBe(0);
    expect(json<RunSummary>(replayed).head).toBe(uninterrupted.head);
    const report = await tickfold(['report', 'runs/whole', '--json'], cwd);
    expect(report.code, report.stderr).toBe(0);
  });

  it('records name, params, origin and code hash; report, verify and inspect never load the code', async () => {
    const dir = 'runs/recorded';
    cpSync(join(cwd, 'strategies'), join(cwd, 'gone'), { recursive: true });
    expect((await tickfold(['run', '--strategy-file', 'gone/donchian-breakout.ts', '--ticks', '120', '--out', dir], cwd)).code).toBe(0);
    rmSync(join(cwd, 'gone'), { recursive: true });
    const first = json<{ events: { data: { strategies: unknown[] } }[] }>(await tickfold(['inspect', dir, '--limit', '1', '--json'], cwd));
    expect(first.events[0]!.data.strategies).toEqual([
      { name: 'donchian-breakout', origin: 'gone/donchian-breakout.ts', params: { entry: 20, exit: 10 }, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), weight: 1, window: 41 },
    ]);
    for (const cmd of [['verify', dir], ['report', dir], ['inspect', dir]]) {
      const o = await tickfold(cmd, cwd);
      expect(o.code, `${cmd.join(' ')}: ${o.stderr}`).toBe(0);
    }
    const replay = await tickfold(['replay', dir], cwd);
    expect(replay.code).toBe(2);
    expect(replay.stderr).toMatch(/E_STRATEGY_LOAD: cannot load strategy file gone\/donchian-breakout.ts/);
    const pointed = await tickfold(['replay', dir, '--strategy-file', 'strategies/donchian-breakout.ts'], cwd);
    expect(pointed.code, pointed.stderr).toBe(0);
  });

  it('edited after the run: replay and resume refuse, naming the strategy, the file and both hashes', async () => {
    cpSync(join(cwd, 'strategies'), join(cwd, 'edited'), { recursive: true });
    // Interrupted with Ctrl-C part-way, so there is something to resume.
    // Far more ticks than it reaches and no kill switch, so the Ctrl-C never races the session's end.
    const run = start(['run', '--strategy-file', 'edited/rsi-reversion.mjs', '--no-kill-switches', '--ticks', '1000000', '--out', 'runs/edited'], cwd);
    let exited = false;
    void run.done.then(() => (exited = true));
    while (logBytes('runs/edited') < 100_000) {
      if (exited) throw new Error(`the run exited before the Ctrl-C: ${(await run.done).stderr}`);
      await sleep(25);
    }
    run.child.kill('SIGINT');
    expect((await run.done).code).toBe(130);
    const inspected = json<{ events: { data: { strategies: { sha256: string }[] } }[] }>(await tickfold(['inspect', 'runs/edited', '--limit', '1', '--json'], cwd));
    const recorded = inspected.events[0]!.data.strategies[0]!.sha256;
    // A local import changes: the hash covers the files the module imports too.
    appendFileSync(join(cwd, 'edited/lib/indicators.mjs'), '\n// tuned\n');
    const replay = await tickfold(['replay', 'runs/edited'], cwd);
    expect(replay.code).toBe(2);
    expect(replay.stderr).toMatch(/E_STRATEGY_CHANGED: strategy 'rsi-reversion' changed since the run was recorded/);
    expect(replay.stderr).toContain(recorded);
    expect(replay.stderr).toContain('edited/rsi-reversion.mjs');
    const loaded = /has sha256 ([0-9a-f]{64})/.exec(replay.stderr)?.[1];
    expect(loaded).toMatch(/^[0-9a-f]{64}$/);
    expect(loaded).not.toBe(recorded);
    expect(replay.stderr).not.toMatch(/\n\s+at /); // no stack trace

    const resumed = await tickfold(['run', '--resume', 'runs/edited'], cwd);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toContain(`E_STRATEGY_CHANGED`);
    expect(resumed.stderr).toContain(recorded);
    // The original code, pointed at with --strategy-file, is accepted.
    const back = await tickfold(['replay', 'runs/edited', '--strategy-file', 'strategies/rsi-reversion.mjs'], cwd);
    expect(back.code, back.stderr).toBe(0);
  });

  it('diff of two runs that differ only in strategy code says so, and whether any decision changed', async () => {
    cpSync(join(cwd, 'strategies'), join(cwd, 'same'), { recursive: true });
    appendFileSync(join(cwd, 'same/rsi-reversion.mjs'), '\n// a comment changes the hash, not a decision\n');
    for (const [dir, file] of [['runs/diff-a', 'strategies/rsi-reversion.mjs'], ['runs/diff-b', 'same/rsi-reversion.mjs']] as const) {
      expect((await tickfold(['run', '--strategy-file', file, '--ticks', '150', '--out', dir], cwd)).code).toBe(0);
    }
    const diff = await tickfold(['diff', 'runs/diff-a', 'runs/diff-b'], cwd);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toMatch(/only the strategy code differs at seq 1/);
    expect(diff.stdout).toMatch(/every event after it is identical/);
  });
});

describe('a bad strategy file is a coded error and leaves no run behind', { timeout: 60_000 }, () => {
  const cases: [string, string, RegExp][] = [
    ['syntax error', 'export default { name: "x", defaults: {}, window: () => 1, target: () => 0\n', /E_STRATEGY_LOAD: cannot load strategy file bad\/syntax error.mjs: Expected "}" but found end of file at line 2/],
    ['no export', 'export const answer = 42;\n', /E_STRATEGY_LOAD: strategy file .* exports no strategy/],
    ['wrong shape', 'export default { name: "x", defaults: {}, window: () => 1, target: 0 };\n', /E_STRATEGY_LOAD: strategy file .*: export 'default' \('x'\) has no function 'target'/],
    ['non-number default', 'export default { name: "x", defaults: { n: "20" }, window: () => 1, target: () => 0 };\n', /E_STRATEGY_LOAD: .* has defaults.n = "20"/],
    ['built-in name', 'export default { name: "sma-cross", defaults: {}, window: () => 1, target: () => 0 };\n', /E_STRATEGY_EXISTS: strategy file .* defines 'sma-cross', the name of a built-in/],
    ['throws on load', 'throw new Error("no config");\nexport default {};\n', /E_STRATEGY_LOAD: .* threw while loading: no config/],
    ['window zero', 'export default { name: "x", defaults: {}, window: () => 0, target: () => 0 };\n', /E_STRATEGY_WINDOW: strategy 'x' has window 0/],
    ['window fraction', 'export default { name: "x", defaults: { n: 2.5 }, window: (p) => p.n, target: () => 0 };\n', /E_STRATEGY_WINDOW: strategy 'x' has window 2.5/],
  ];
  it.each(cases)('%s', async (name, source, message) => {
    const file = join(cwd, 'bad', `${name}.mjs`);
    const out = `runs/bad-${name.replace(/ /g, '-')}`;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, source);
    const o = await tickfold(['run', '--strategy-file', `bad/${name}.mjs`, '--ticks', '80', '--out', out], cwd);
    expect(o.code).toBe(2);
    expect(o.stderr).toMatch(message);
    expect(o.stderr).not.toMatch(/E_INTERNAL|\n\s+at /);
    expect(existsSync(join(cwd, out))).toBe(false);
  });

  const midRun: [string, string, RegExp][] = [
    ['NaN', 'return NaN', /E_STRATEGY_OUTPUT: strategy 'late' returned NaN for SPY at tick \d+/],
    ['out of range', 'return 1.5', /E_STRATEGY_OUTPUT: strategy 'late' returned 1.5 for SPY at tick \d+/],
    ['throw', 'throw new RangeError("bad index")', /E_STRATEGY_THREW: strategy 'late' threw for SPY at tick \d+: bad index/],
  ];
  it.each(midRun)('a target that turns bad mid-run (%s) stops the run cleanly: whole ticks kept, verifiable, resumable', async (name, bad, message) => {
    const file = `late-${name.replace(/ /g, '-')}.mjs`;
    writeFileSync(join(cwd, file), `export default { name: 'late', defaults: {}, window: () => 1, target(bars) { if (bars[bars.length - 1].time >= '2024-03-01') { ${bad}; } return 0.5; } };\n`);
    const out = `runs/late-${name.replace(/ /g, '-')}`;
    const o = await tickfold(['run', '--strategy-file', file, '--ticks', '120', '--out', out], cwd);
    expect(o.code).toBe(2);
    expect(o.stderr).toMatch(message);
    expect(o.stderr).not.toMatch(/E_INTERNAL|\n\s+at /);
    const tick = Number(/at tick (\d+)/.exec(o.stderr)![1]);
    const verified = json<{ ok: boolean; ticks: number; ended: boolean }>(await tickfold(['verify', out, '--json'], cwd));
    expect(verified).toMatchObject({ ok: true, ticks: tick - 1, ended: false });
    const again = await tickfold(['run', '--resume', out], cwd);
    expect(again.stderr).toMatch(message);
  });
});
