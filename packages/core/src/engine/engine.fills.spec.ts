import { describe, expect, it } from 'vitest';
import { createRegistry, type Strategy } from '../index.js';
import { pathFeed } from '../test-support/pathFeed.js';
import { runCollect, ofType } from '../test-support/collect.js';

const half: Strategy = { name: 'half', defaults: {}, window: () => 1, target: () => 0.5 };
const registry = createRegistry([half]);
const base = { strategies: [{ name: 'half' }], broker: { feeBps: 10, slippageBps: 10 }, data: { minBars: 1 } };

describe('simulated fills', () => {
  it('fills at the close with slippage and fees exactly as computed by hand', async () => {
    const run = await runCollect(base, { feed: pathFeed({ closeAt: () => 100 }), registry }, 5);
    const fills = ofType(run.events, 'OrderFilled');
    expect(fills).toHaveLength(1); // afterwards the weight stays inside the 5% band
    const f = fills[0]!;
    // 0.5 × 100,000 / 100 = 500 units at 100 × (1 + 10 bps) = 100.1; fee 10 bps of 50,050.
    expect(f.tick).toBe(1);
    expect(f.data).toMatchObject({ cause: 'rebalance', fillModel: 'close', requestedQty: 500, qty: 500, refPrice: 100, slippageBps: 10, clipped: null });
    expect(f.data.price).toBeCloseTo(100.1, 10);
    expect(f.data.fee).toBeCloseTo(50.05, 10);
    const p = run.result.state.symbols['SPY']!.portfolio;
    expect(p.position).toBe(500);
    expect(p.cash).toBeCloseTo(100_000 - 50_050 - 50.05, 8);
    expect(p.fees).toBeCloseTo(50.05, 10);
    expect(p.equity).toBeCloseTo(100_000 - 50_050 - 50.05 + 50_000, 8);
    expect(p.avgPrice).toBeCloseTo(100.1, 10);
    expect(p.unrealizedPnl).toBeCloseTo(-50, 8);
    expect(p.fills).toBe(1);
  });

  it('books realized P&L and a round trip when the position is closed', async () => {
    const flip: Strategy = { name: 'flip', defaults: {}, window: () => 1, target: (bars) => (bars[bars.length - 1]!.close > 100 ? 0 : 1) };
    const run = await runCollect(
      { strategies: [{ name: 'flip' }], broker: { feeBps: 0, slippageBps: 0, maxPosition: 0.5 }, data: { minBars: 1 } },
      { feed: pathFeed({ closeAt: (t) => (t < 3 ? 100 : 110) }), registry: createRegistry([flip]) },
      4,
    );
    const fills = ofType(run.events, 'OrderFilled');
    expect(fills.map((f) => [f.tick, f.data.qty, f.data.clipped])).toEqual([
      [1, 500, null], // target 1 clipped to the 0.5 limit before sizing: 50,000 / 100
      [3, -500, null],
    ]);
    const p = run.result.state.symbols['SPY']!.portfolio;
    expect(p).toMatchObject({ position: 0, realizedPnl: 5000, roundTrips: 1, cash: 105_000, equity: 105_000, turnover: 105_000 });
  });

  it('with next-open fills, decides at the close of bar t and fills at the open of bar t+1, sized at that open', async () => {
    const run = await runCollect(
      { ...base, broker: { ...base.broker, fill: 'next-open' } },
      { feed: pathFeed({ closeAt: () => 100, openAt: (t) => (t === 2 ? 102 : 100) }), registry },
      3,
    );
    const submitted = ofType(run.events, 'OrderSubmitted');
    expect(submitted).toHaveLength(1);
    expect(submitted[0]).toMatchObject({ tick: 1, data: { orderId: 'SPY-1', targetWeight: 0.5 } });
    const f = ofType(run.events, 'OrderFilled')[0]!;
    expect(f).toMatchObject({ tick: 2, data: { orderId: 'SPY-1', fillModel: 'next-open', refPrice: 102 } });
    expect(f.data.qty).toBeCloseTo(50_000 / 102, 10);
    expect(f.data.price).toBeCloseTo(102 * 1.001, 10);
    expect(f.seq).toBeLessThan(ofType(run.events, 'SignalComputed').find((s) => s.tick === 2)!.seq);
    expect(run.result.state.symbols['SPY']!.pending).toBeNull();
  });

  it('rounds whole-share orders down and reports the clipping', async () => {
    const run = await runCollect({ ...base, cash: 1_000, broker: { ...base.broker, sizing: 'whole' } }, { feed: pathFeed({ closeAt: () => 300 }), registry }, 2);
    const f = ofType(run.events, 'OrderFilled')[0]!;
    // 0.5 × 1,000 / 300 = 1.67 shares requested; 1 filled.
    expect(f.data).toMatchObject({ qty: 1, clipped: 'whole-shares' });
    expect(f.data.requestedQty).toBeCloseTo(500 / 300, 12);
  });
});
