import { describe, expect, it } from 'vitest';
import { roundTrips, type TradeFill } from './trades.js';

const fill = (tick: number, qty: number, price: number, fee = 0, cause = 'rebalance', writeOff = 0): TradeFill =>
  ({ tick, time: new Date(Date.UTC(2024, 0, 1) + tick * 86_400_000).toISOString(), qty, price, fee, cause, writeOff });

describe('roundTrips', () => {
  it('a long bought and sold is one trip with its price gain minus both fees', () => {
    const [t, ...rest] = roundTrips([fill(1, 10, 100, 1), fill(4, -10, 110, 1.1)]);
    expect(rest).toEqual([]);
    expect(t).toMatchObject({ side: 'long', entryTick: 1, exitTick: 4, entryPrice: 100, exitPrice: 110, maxQty: 10, holdingDays: 3, fees: 2.1, fills: 2, open: false });
    expect(t!.pnl).toBeCloseTo(100 - 2.1, 10);
    expect(t!.return).toBeCloseTo((100 - 2.1) / 1000, 12);
  });

  it('a fill through zero splits its fee by quantity between the trip it closes and the one it opens', () => {
    // Long 10, then sell 30: 10 close the long, 20 open a short; the fee of 3 splits 1 : 2.
    const trips = roundTrips([fill(1, 10, 100, 0), fill(2, -30, 90, 3), fill(5, 20, 80, 0)]);
    expect(trips.map((t) => t.side)).toEqual(['long', 'short']);
    expect(trips[0]!.fees).toBeCloseTo(1, 12);
    expect(trips[0]!.pnl).toBeCloseTo(-100 - 1, 10);
    expect(trips[1]).toMatchObject({ entryPrice: 90, exitPrice: 80, maxQty: 20, entryTick: 2, exitTick: 5 });
    expect(trips[1]!.fees).toBeCloseTo(2, 12);
    expect(trips[1]!.pnl).toBeCloseTo(200 - 2, 10);
  });

  it('adds and partial exits stay in one trip, priced at their quantity-weighted averages', () => {
    const [t] = roundTrips([fill(1, 10, 100), fill(2, 10, 120), fill(3, -5, 130), fill(4, -15, 90)]);
    expect(t).toMatchObject({ entryPrice: 110, exitPrice: (5 * 130 + 15 * 90) / 20, maxQty: 20, fills: 4, exitTick: 4 });
    expect(t!.pnl).toBeCloseTo(5 * 130 + 15 * 90 - 2200, 10);
  });

  it('the trip still open at the end is marked at the last price and flagged open', () => {
    const trips = roundTrips([fill(1, -4, 50, 0.5)], { price: 40, time: fill(11, 0, 1).time });
    expect(trips).toHaveLength(1);
    expect(trips[0]).toMatchObject({ side: 'short', open: true, exitTick: null, exitPrice: null, holdingDays: 10 });
    expect(trips[0]!.pnl).toBeCloseTo(40 - 0.5, 10);
  });

  it('a liquidation with a write-off loses only what the account had', () => {
    // Short 10 at 100 (cash 1000 + 1000 proceeds), bought back at 400: owes 4000, pays its 2000, writes off 2000.
    const [t] = roundTrips([fill(1, -10, 100), fill(2, 10, 400, 0, 'kill-switch', 2000)]);
    expect(t).toMatchObject({ exitCause: 'kill-switch', entryCause: 'rebalance' });
    expect(t!.pnl).toBeCloseTo(-1000, 10);
  });
});
