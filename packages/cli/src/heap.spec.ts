import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { boundHeapGrowth, scavengeOnOneThread } from './heap.js';

describe('boundHeapGrowth', () => {
  it('leaves a heap growth the user started node with alone', () => {
    expect(boundHeapGrowth(['--heap-growing-percent=300'])).toBe(false);
    expect(boundHeapGrowth(['--max-old-space-size=512', '--heap_growing_percent=10'])).toBe(false);
  });

  it('bounds it otherwise', () => {
    expect(boundHeapGrowth(['--enable-source-maps', '--max-old-space-size=512'])).toBe(true);
  });
});

describe('scavengeOnOneThread', () => {
  it('leaves a parallel-scavenge setting the user started node with alone', () => {
    expect(scavengeOnOneThread(['--parallel-scavenge'])).toBe(false);
    expect(scavengeOnOneThread(['--max-old-space-size=512', '--no_parallel_scavenge'])).toBe(false);
  });

  it("collects the young generation with no help from V8's background threads once called", () => {
    // A process that calls it, then makes ~200 MB of garbage: every scavenge V8 traces took no background time.
    const heap = fileURLToPath(new URL('../dist/heap.js', import.meta.url));
    const script = `const { scavengeOnOneThread } = await import(${JSON.stringify(heap)}); scavengeOnOneThread(); let keep = []; for (let i = 0; i < 2e6; i++) { keep.push({ i, s: 'x' + i }); if (keep.length > 1000) keep = []; }`;
    const r = spawnSync(process.execPath, ['--trace-gc-nvp', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const scavenges = r.stdout.split('\n').filter((l) => l.includes('gc=s '));
    expect(scavenges.length).toBeGreaterThan(5);
    const background = scavenges.map((l) => Number(/background\.scavenge\.parallel=([\d.]+)/.exec(l)?.[1]));
    expect(background.every((ms) => ms === 0)).toBe(true);
  });
});
