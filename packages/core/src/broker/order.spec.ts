import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../index.js';
import { planOrder, needsRebalance, type BrokerConfig } from './order.js';

const broker = (over: Partial<BrokerConfig> = {}): BrokerConfig => ({ ...resolveConfig({}).broker, slippageBps: 0, feeBps: 0, ...over });

describe('planOrder', () => {
  it('buys the target weight of equity at the reference price', () => {
    const plan = planOrder({ cash: 10_000, position: 0 }, 0.5, 100, broker(), null);
    expect(plan).toEqual({ kind: 'fill', requestedQty: 50, qty: 50, price: 100, slippageBps: 0, fee: 0, clipped: null, writeOff: 0 });
  });

  it('charges slippage against the order and a fee on notional', () => {
    const plan = planOrder({ cash: 10_000, position: 0 }, 0.5, 100, broker({ slippageBps: 10, feeBps: 20 }), null);
    if (plan.kind !== 'fill') throw new Error(plan.kind);
    expect(plan.price).toBeCloseTo(100.1, 12);
    expect(plan.fee).toBeCloseTo(50 * 100.1 * 0.002, 12);
    const sell = planOrder({ cash: 0, position: 10 }, 0, 100, broker({ slippageBps: 10 }), null);
    expect(sell).toMatchObject({ kind: 'fill', qty: -10 });
    expect(sell.kind === 'fill' && sell.price).toBeCloseTo(99.9, 12);
  });

  it('clips an all-in buy so that fees and slippage never push cash below zero', () => {
    const plan = planOrder({ cash: 10_000, position: 0 }, 1, 100, broker({ slippageBps: 5, feeBps: 10 }), null);
    if (plan.kind !== 'fill') throw new Error(plan.kind);
    expect(plan.clipped).not.toBeNull();
    expect(plan.qty).toBeLessThan(plan.requestedQty);
    expect(10_000 - plan.qty * plan.price - plan.fee).toBeGreaterThanOrEqual(0);
  });

  it('rounds whole-share orders down, saying so, and rejects one below a share', () => {
    const plan = planOrder({ cash: 1_000, position: 0 }, 0.5, 300, broker({ sizing: 'whole' }), null);
    expect(plan).toMatchObject({ kind: 'fill', qty: 1, clipped: 'whole-shares' });
    expect(plan.kind === 'fill' && plan.requestedQty).toBeCloseTo(500 / 300, 12);
    const below = planOrder({ cash: 100, position: 0 }, 1, 300, broker({ sizing: 'whole' }), null);
    expect(below).toMatchObject({ kind: 'reject', reason: 'below-one-share' });
  });

  it('liquidates a whole position even past the cash, writing off the shortfall', () => {
    // Short 10 at 100 with 1,500 cash, then the price is 210: covering costs 2,100.
    const plan = planOrder({ cash: 1_500, position: -10 }, 0, 210, broker({ feeBps: 10 }), null, { liquidate: true });
    expect(plan).toMatchObject({ kind: 'fill', qty: 10, requestedQty: 10, clipped: null });
    expect(plan.kind === 'fill' && plan.writeOff).toBeCloseTo(2_100 + 2.1 - 1_500, 9);
  });

  it('rejects with a reason when nothing is admissible', () => {
    // Wants 1.05 more shares, but 105 of cash cannot pay 100 plus a 10% fee for even one.
    const plan = planOrder({ cash: 105, position: 9 }, 1, 100, broker({ feeBps: 1000, sizing: 'whole' }), null);
    expect(plan).toMatchObject({ kind: 'reject', reason: 'insufficient-cash' });
    expect(plan.kind === 'reject' && plan.requestedQty).toBeCloseTo(1.05, 12);
  });

  it('will not go short when shorting is off', () => {
    expect(planOrder({ cash: 1000, position: 5 }, -1, 100, broker({ allowShort: false }), null)).toMatchObject({ kind: 'fill', qty: -5 });
  });

  it('uses seeded slippage noise when configured', () => {
    const plan = planOrder({ cash: 10_000, position: 0 }, 0.5, 100, broker({ slippageBps: 1, slippageNoiseBps: 4 }), () => 0.5);
    expect(plan).toMatchObject({ kind: 'fill', slippageBps: 3 });
  });
});

describe('needsRebalance', () => {
  it('ignores moves inside the band and acts outside it', () => {
    expect(needsRebalance(0.5, 0.54, 10, broker())).toBe(false);
    expect(needsRebalance(0.5, 0.56, 10, broker())).toBe(true);
  });
  it('always closes when the target is flat', () => {
    expect(needsRebalance(0.01, 0, 1, broker())).toBe(true);
    expect(needsRebalance(0, 0, 0, broker())).toBe(false);
  });
  it('waives the band when the market pushed a short past the limit', () => {
    expect(needsRebalance(-1.02, -1, -10, broker())).toBe(true);
  });
});
