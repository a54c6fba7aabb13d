import { describe, expect, it } from 'vitest';
import { createRegistry, type Strategy } from '../index.js';
import { pathFeed } from '../test-support/pathFeed.js';
import { runCollect, ofType } from '../test-support/collect.js';

// The fills of a single tick are specified over the pure decider: decide/tick.spec.ts.
describe('simulated fills over a session', () => {
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
});
