import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { boundHeapGrowth, scavengeOnOneThread } from './heap.js';

const dist = (file: string): string => fileURLToPath(new URL(`../dist/${file}`, import.meta.url));

/** The background time of each young-generation collection a node process traced (`--trace-gc-nvp`), in ms. */
function scavengeBackgroundMs(args: readonly string[], cwd?: string): number[] {
  const r = spawnSync(process.execPath, ['--trace-gc-nvp', ...args], { encoding: 'utf8', cwd, maxBuffer: 1 << 26 });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout
    .split('\n')
    .filter((l) => l.includes('gc=s '))
    .map((l) => Number(/background\.scavenge\.parallel=([\d.]+)/.exec(l)?.[1]));
}

// ~400 MB of garbage, with ~100,000 objects alive at any time: enough for V8's helpers to join every collection they may join.
const garbage = "let keep = []; for (let i = 0; i < 4e6; i++) { keep.push({ i, s: 'x' + i }); if (keep.length > 100000) keep = []; }";

describe('boundHeapGrowth', () => {
  it('leaves a heap growth the user started node with alone', () => {
    expect(boundHeapGrowth(['--heap-growing-percent=300'])).toBe(false);
    expect(boundHeapGrowth(['--max-old-space-size=512', '--heap_growing_percent=10'])).toBe(false);
  });

  it('bounds it otherwise', () => {
    expect(boundHeapGrowth(['--enable-source-maps', '--max-old-space-size=512', '--trace-heap-growing-percent'])).toBe(true);
  });
});

describe('scavengeOnOneThread', () => {
  it('leaves a parallel-scavenge setting the user started node with alone, and machines of more than two cores', () => {
    expect(scavengeOnOneThread(['--parallel-scavenge'], 2)).toBe(false);
    expect(scavengeOnOneThread(['--max-old-space-size=512', '--no_parallel_scavenge'], 2)).toBe(false);
    expect(scavengeOnOneThread([], 4)).toBe(false);
  });

  it.runIf(availableParallelism() === 2)("collects the young generation with no help from V8's background threads, where without it they help", () => {
    const without = scavengeBackgroundMs(['-e', garbage]);
    expect(without.length).toBeGreaterThan(10);
    expect(without.some((ms) => ms > 0)).toBe(true);
    const script = `const { scavengeOnOneThread } = await import(${JSON.stringify(dist('heap.js'))}); scavengeOnOneThread(); ${garbage}`;
    const withIt = scavengeBackgroundMs(['--input-type=module', '-e', script]);
    expect(withIt.length).toBeGreaterThan(10);
    expect(withIt.every((ms) => ms === 0)).toBe(true);
  });

  it.runIf(availableParallelism() === 2)('is what the tickfold command does first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tickfold-heap-'));
    try {
      const background = scavengeBackgroundMs([dist('bin.js'), 'run', '--feed', 'synthetic', '--ticks', '3000', '--no-kill-switches', '--out', 'run', '--json'], dir);
      expect(background.length).toBeGreaterThan(3);
      expect(background.every((ms) => ms === 0)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
