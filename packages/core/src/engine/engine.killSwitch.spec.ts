import { describe, expect, it } from 'vitest';
import { createRegistry, type Strategy } from '../index.js';
import { checkInvariants } from '../state/invariants.js';
import { pathFeed } from '../test-support/pathFeed.js';
import { runCollect, ofType } from '../test-support/collect.js';

const allIn: Strategy = { name: 'all-in', defaults: {}, window: () => 1, target: () => 1 };
const registry = createRegistry([allIn]);
const base = { strategies: [{ name: 'all-in' }], broker: { feeBps: 0, slippageBps: 0 }, data: { minBars: 1 } };

describe('kill switches over a 100-tick session', () => {
  it('trips max drawdown at the tick the constructed path crosses 20%, flattens, and stops trading for good', async () => {
    // Fully long from tick 1 at 100; the price slides 3% a tick from tick 40: 0.97^7 = 0.808 at tick 46 (19.2% down), 0.97^8 = 0.784 at tick 47 (21.6%).
    const closeAt = (t: number) => (t < 40 ? 100 : 100 * 0.97 ** (t - 39));
    const run = await runCollect({ ...base, risk: { dailyLoss: null } }, { feed: pathFeed({ closeAt }), registry }, 100);
    expect(run.result.reason).toBe('all-halted');
    const trips = ofType(run.events, 'KillSwitchTripped');
    expect(trips).toHaveLength(1);
    expect(trips[0]).toMatchObject({ tick: 47, data: { kind: 'max-drawdown', limit: 0.2, until: null } });
    expect(trips[0]!.data.value).toBeCloseTo(1 - 0.97 ** 8, 9);
    const flatten = ofType(run.events, 'OrderFilled').filter((f) => f.data.cause === 'kill-switch');
    expect(flatten).toHaveLength(1);
    expect(flatten[0]).toMatchObject({ tick: 47, data: { targetWeight: 0 } });
    expect(run.result.state.symbols['SPY']!.portfolio.position).toBe(0);
    expect(run.events.some((e) => e.tick > 47 && (e.type === 'OrderFilled' || e.type === 'SignalComputed'))).toBe(false);
    for (const s of run.states) expect(checkInvariants(s)).toEqual([]);
  });

  it('trips the daily loss limit on the day of a 6% drop, and trades again the next day', async () => {
    const closeAt = (t: number) => (t < 30 ? 100 : 94);
    const run = await runCollect({ ...base, risk: { maxDrawdown: null } }, { feed: pathFeed({ closeAt }), registry }, 100);
    expect(run.result.reason).toBe('completed');
    const trips = ofType(run.events, 'KillSwitchTripped');
    expect(trips.map((t) => [t.tick, t.data.kind, t.data.until])).toEqual([[30, 'daily-loss', '2024-02-01']]);
    expect(trips[0]!.data.value).toBeCloseTo(0.06, 9);
    const fills = ofType(run.events, 'OrderFilled');
    expect(fills.map((f) => [f.tick, f.data.cause])).toEqual([
      [1, 'rebalance'],
      [30, 'kill-switch'],
      [31, 'rebalance'],
    ]);
    expect(run.result.state.symbols['SPY']!.halt).toBeNull();
  });

  it.each([
    ['on', {}],
    ['off', { maxDrawdown: null, dailyLoss: null, maxConsecutiveFallbacks: null }],
  ])('liquidates a short that gaps past its equity (kill switches %s), writing off the shortfall instead of crashing', async (_, risk) => {
    const allShort: Strategy = { name: 'all-short', defaults: {}, window: () => 1, target: () => -1 };
    const closeAt = (t: number) => (t < 10 ? 100 : 210);
    const run = await runCollect(
      { strategies: [{ name: 'all-short' }], broker: { feeBps: 0, slippageBps: 0 }, data: { minBars: 1 }, risk },
      { feed: pathFeed({ closeAt }), registry: createRegistry([allShort]) },
      20,
    );
    const trips = ofType(run.events, 'KillSwitchTripped');
    expect(trips.at(-1)).toMatchObject({ tick: 10 });
    const liquidation = ofType(run.events, 'OrderFilled').filter((f) => f.tick === 10).at(-1)!;
    // Short 1,000 at 100 with 200,000 cash; covering at 210 costs 210,000: 10,000 written off.
    // (With the switches off, the strategy's own order covers what the cash pays for first.)
    expect(liquidation.data.cause).toBe('kill-switch');
    expect(liquidation.data.writeOff).toBeCloseTo(10_000, 6);
    const p = run.result.state.symbols['SPY']!.portfolio;
    expect(p).toMatchObject({ position: 0, cash: 0, equity: 0 });
    expect(p.writeOffs).toBeCloseTo(10_000, 6);
    expect(run.result.reason).toBe('all-halted');
    for (const s of run.states) expect(checkInvariants(s)).toEqual([]);
  });

  it('trips nothing when the switches are off, and every value stays finite', async () => {
    const closeAt = (t: number) => 100 * 0.9 ** Math.min(t, 30);
    const run = await runCollect({ ...base, risk: { maxDrawdown: null, dailyLoss: null, maxConsecutiveFallbacks: null } }, { feed: pathFeed({ closeAt }), registry }, 100);
    expect(ofType(run.events, 'KillSwitchTripped')).toEqual([]);
    expect(run.result.ticks).toBe(100);
    for (const s of run.states) expect(checkInvariants(s)).toEqual([]);
  });
});
