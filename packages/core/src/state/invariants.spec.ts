import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkInvariants } from './invariants.js';
import { scriptedFeed, walk } from '../test-support/scriptedFeed.js';
import { runCollect } from '../test-support/collect.js';

/** Every path to a number in a state, outside the bar windows (their numbers are checked when admitted). */
function numberPaths(value: unknown, path: string[] = []): string[][] {
  if (typeof value === 'number') return [path];
  if (value === null || typeof value !== 'object') return [];
  return Object.keys(value).flatMap((k) => (k === 'bars' ? [] : numberPaths((value as Record<string, unknown>)[k], [...path, k])));
}

function withValueAt(state: unknown, path: readonly string[], v: number): unknown {
  const copy = structuredClone(state) as Record<string, unknown>;
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string, unknown>;
  at[path.at(-1)!] = v;
  return copy;
}

describe('state invariants', () => {
  it('name a non-finite number wherever it sits in a state, and nothing in a sound one', async () => {
    const run = await runCollect(
      { symbols: ['AAA', 'BBB'], broker: { fill: 'next-open' } },
      { feed: scriptedFeed({ closes: { AAA: walk('i1', -40, 40, 100, 0.05), BBB: walk('i2', -40, 40, 100, 0.05) } }) },
      40,
    );
    const states = run.states.filter((s) => s.symbols['AAA']!.signal !== null && s.symbols['AAA']!.pending !== null);
    expect(states.length).toBeGreaterThan(0);
    for (const s of run.states) expect(checkInvariants(s)).toEqual([]);
    fc.assert(
      fc.property(fc.nat(states.length - 1), fc.nat(), fc.constantFrom(NaN, Infinity, -Infinity), (i, j, bad) => {
        const paths = numberPaths(states[i]);
        const path = paths[j % paths.length]!;
        const problems = checkInvariants(withValueAt(states[i], path, bad) as never);
        expect(problems).toContain(`/${path.join('/')} is ${bad}`);
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it('name a non-finite number at every path of a state, one path at a time: the per-tick check misses no field', async () => {
    const run = await runCollect(
      { symbols: ['AAA', 'BBB'], broker: { fill: 'next-open' } },
      { feed: scriptedFeed({ closes: { AAA: walk('i1', -40, 40, 100, 0.05), BBB: walk('i2', -40, 40, 100, 0.05) } }) },
      40,
    );
    // A state where every optional level holds numbers: a signal, a pending order, a mark price.
    const full = run.states.find((s) => Object.values(s.symbols).every((x) => x.signal !== null && x.pending !== null && x.portfolio.markPrice !== null));
    expect(full).toBeDefined();
    const paths = numberPaths(full);
    expect(paths.length).toBeGreaterThan(50);
    for (const path of paths) {
      for (const bad of [NaN, Infinity, -Infinity]) {
        expect(checkInvariants(withValueAt(full, path, bad) as never), path.join('/')).toContain(`/${path.join('/')} is ${bad}`);
      }
    }
  });
});
