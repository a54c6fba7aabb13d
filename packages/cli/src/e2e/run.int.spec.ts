import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { json, tempDir, tickfold, type Outcome } from '../test-support/cli.js';
import type { RunSummary } from '../output/summary.js';

const cwd = tempDir();
let a: Outcome;
let a2: Outcome;
let b: Outcome;

beforeAll(async () => {
  // Three runs in parallel: two with the defaults, one with another seed.
  [a, a2, b] = await Promise.all([
    tickfold(['run', '--json', '--out', 'runs/a'], cwd),
    tickfold(['run', '--json', '--out', 'runs/a2'], cwd),
    tickfold(['run', '--json', '--out', 'runs/b', '--seed', '7'], cwd),
  ]);
});

describe.concurrent('tickfold run (spawned)', () => {
  it('a default run prints one JSON summary with the documented keys', () => {
    expect(a.code).toBe(0);
    const s = json<RunSummary>(a);
    expect(Object.keys(s)).toEqual(['run', 'head', 'events', 'ticks', 'endReason', 'symbols']);
    expect(s.endReason).toBe('completed');
    expect(s.ticks).toBe(100);
    expect(s.head).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(s.symbols)).toEqual(['SPY']);
    const spy = s.symbols['SPY']!;
    expect(Object.keys(spy)).toEqual(['equity', 'cash', 'position', 'fills', 'roundTrips', 'totalPnl', 'fees', 'maxDrawdown', 'haltedBy', 'metrics']);
    expect(spy.metrics).toMatchObject({ finalEquity: spy.equity, fills: spy.fills, trades: spy.roundTrips, span: { bars: 100 } });
    expect(spy.metrics.sharpe).toEqual(expect.any(Number));
    expect(a.stderr).toBe('');
  });

  it('the same run twice gives the same head hash and diff says identical (exit 0)', async () => {
    expect(json<RunSummary>(a2).head).toBe(json<RunSummary>(a).head);
    const d = await tickfold(['diff', 'runs/a', 'runs/a2', '--json'], cwd);
    expect(d.code).toBe(0);
    expect(json(d)).toMatchObject({ identical: true, head: json<RunSummary>(a).head, events: json<RunSummary>(a).events });
  });

  it('another seed differs and diff names the first differing seq and fields (exit 1)', async () => {
    expect(json<RunSummary>(b).head).not.toBe(json<RunSummary>(a).head);
    const d = await tickfold(['diff', 'runs/a', 'runs/b'], cwd);
    expect(d.code).toBe(1);
    expect(d.stdout).toContain('different: first differing seq 1 (SessionStarted)');
    expect(d.stdout).toMatch(/fields: .*\/data\/config\/seed/);
  });

  it('verify passes a clean run (exit 0)', async () => {
    const v = await tickfold(['verify', 'runs/a', '--json'], cwd);
    expect(v.code).toBe(0);
    expect(json(v)).toMatchObject({ ok: true, events: json<RunSummary>(a).events, head: json<RunSummary>(a).head, ended: true });
  });

  it('verify and replay find the edited event in a corrupted copy (exit 1, that seq and segment)', async () => {
    cpSync(join(cwd, 'runs/a'), join(cwd, 'runs/corrupt'), { recursive: true });
    // The 40th bar of the log, in whichever segment it sits.
    const dir = join(cwd, 'runs/corrupt/events');
    const bars = readdirSync(dir).sort().flatMap((segment) => readFileSync(join(dir, segment), 'utf8').split('\n').map((line, i) => ({ segment, line, i }))).filter((l) => l.line.includes('"type":"BarReceived"'));
    const { segment, i: target } = bars[40]!;
    const file = join(dir, segment);
    const lines = readFileSync(file, 'utf8').split('\n');
    const seq = Number(/"seq":(\d+)/.exec(lines[target]!)![1]);
    const at = lines[target]!.indexOf('"close":') + 10;
    const digit = lines[target]![at]!;
    lines[target] = lines[target]!.slice(0, at) + (digit === '1' ? '2' : '1') + lines[target]!.slice(at + 1);
    writeFileSync(file, lines.join('\n'));
    const [v, r] = await Promise.all([tickfold(['verify', 'runs/corrupt'], cwd), tickfold(['replay', 'runs/corrupt'], cwd)]);
    expect(v.code).toBe(1);
    const offset = Buffer.byteLength(lines.slice(0, target).map((l) => `${l}\n`).join(''));
    expect(v.stdout).toContain(`at seq ${seq} (segment ${segment}, byte ${offset})`);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`E_LOG_\\w+: at seq ${seq} `));
  });

  it('replay re-derives the run and ends in the same summary', async () => {
    const r = await tickfold(['replay', 'runs/a', '--json'], cwd);
    expect(r.code).toBe(0);
    expect(json(r)).toEqual(json(a));
  });

  it('replay --threads: the same summary with the log read on a second thread or on one; 0 and 3 are exit 2', async () => {
    const [one, two] = await Promise.all([tickfold(['replay', 'runs/a', '--json', '--threads', '1'], cwd), tickfold(['replay', 'runs/a', '--json', '--threads', '2'], cwd)]);
    expect(one.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(json(one)).toEqual(json(a));
    for (const bad of ['0', '3']) {
      const r = await tickfold(['replay', 'runs/a', '--threads', bad], cwd);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--threads');
    }
  });

  it('inspect filters by type and limit as one JSON document', async () => {
    const r = await tickfold(['inspect', 'runs/a', '--type', 'OrderFilled', '--limit', '3', '--json'], cwd);
    const doc = json<{ events: { type: string }[]; truncated: boolean }>(r);
    expect(doc.events.map((e) => e.type)).toEqual(['OrderFilled', 'OrderFilled', 'OrderFilled']);
    expect(doc.truncated).toBe(true);
  });
});
