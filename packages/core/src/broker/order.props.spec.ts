import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resolveConfig } from '../index.js';
import { planOrder, type BrokerConfig } from './order.js';

const brokerArb: fc.Arbitrary<BrokerConfig> = fc.record({
  fill: fc.constantFrom('close' as const, 'next-open' as const),
  sizing: fc.constantFrom('fractional' as const, 'whole' as const),
  feeBps: fc.double({ min: 0, max: 100, noNaN: true }),
  slippageBps: fc.double({ min: 0, max: 100, noNaN: true }),
  slippageNoiseBps: fc.double({ min: 0, max: 50, noNaN: true }),
  rebalanceBand: fc.constant(0.05),
  maxPosition: fc.double({ min: 0.1, max: 1, noNaN: true }),
  allowShort: fc.boolean(),
});

// Accounts that are themselves admissible: cash >= 0 and within the limit at `price`.
const accountArb = fc
  .record({ equity: fc.double({ min: 1, max: 1e7, noNaN: true }), weight: fc.double({ min: -1, max: 1, noNaN: true }), price: fc.double({ min: 0.01, max: 1e5, noNaN: true }) })
  .map(({ equity, weight, price }) => {
    const position = (weight * equity) / price;
    return { cash: equity - position * price, position, price };
  })
  .filter((a) => a.cash >= 0);

describe('planOrder invariants', () => {
  it('never overfills, never goes below zero cash, never breaks the limit, and every number is finite', () => {
    fc.assert(
      fc.property(accountArb, fc.double({ min: -1, max: 1, noNaN: true }), brokerArb, fc.double({ min: 0, max: 0.999, noNaN: true }), (account, target, broker, u) => {
        const plan = planOrder(account, target, account.price, broker, () => u);
        if (plan.kind !== 'fill') return;
        expect([plan.qty, plan.price, plan.fee, plan.requestedQty, plan.slippageBps].every(Number.isFinite)).toBe(true);
        expect(Math.sign(plan.qty)).toBe(Math.sign(plan.requestedQty));
        expect(Math.abs(plan.qty)).toBeLessThanOrEqual(Math.abs(plan.requestedQty) + 1e-9);
        const cash = account.cash - plan.qty * plan.price - plan.fee;
        expect(cash).toBeGreaterThanOrEqual(0);
        const position = account.position + plan.qty;
        const equity = cash + position * account.price;
        const weight = position === 0 ? 0 : (position * account.price) / equity;
        if (Math.abs(position) > Math.abs(account.position)) {
          expect(Math.abs(weight)).toBeLessThanOrEqual(broker.maxPosition + 1e-9);
        }
        if (!broker.allowShort) expect(position).toBeGreaterThanOrEqual(Math.min(0, account.position));
        if (broker.sizing === 'whole') expect(Number.isInteger(plan.qty)).toBe(true);
      }),
      { numRuns: 3000, seed: 20261124 },
    );
  });

  it('brings a position the market carried past the limit back inside it, costs included', () => {
    const overArb = fc
      .record({ equity: fc.double({ min: 1, max: 1e7, noNaN: true }), excess: fc.double({ min: 1e-12, max: 0.5, noNaN: true }), long: fc.boolean(), price: fc.double({ min: 0.01, max: 1e5, noNaN: true }) })
      .map(({ equity, excess, long, price }) => ({ equity, excess, long, price }));
    fc.assert(
      fc.property(overArb, brokerArb, fc.double({ min: 0, max: 0.999, noNaN: true }), ({ equity, excess, long, price }, broker0, u) => {
        const broker = { ...broker0, allowShort: true };
        const m = broker.maxPosition;
        const weight = (long ? 1 : -1) * Math.min(long ? 1 : 2, m + excess);
        if (Math.abs(weight) <= m) return;
        let position = (weight * equity) / price;
        if (broker.sizing === 'whole') position = Math.round(position);
        const account = { cash: equity - position * price, position };
        const now = (position * price) / (account.cash + position * price);
        if (!(Math.abs(now) > m) || account.cash < 0) return;
        const plan = planOrder(account, Math.sign(now) * m, price, broker, () => u);
        expect(plan.kind).toBe('fill');
        if (plan.kind !== 'fill') return;
        const cash = account.cash - plan.qty * plan.price - plan.fee;
        const after = account.position + plan.qty;
        expect(Math.abs((after * price) / (cash + after * price))).toBeLessThanOrEqual(m);
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  it('is deterministic: the same inputs give the same plan', () => {
    const b = { ...resolveConfig({}).broker, slippageNoiseBps: 3 };
    expect(planOrder({ cash: 5e4, position: 10 }, 0.7, 123.45, b, () => 0.25)).toEqual(planOrder({ cash: 5e4, position: 10 }, 0.7, 123.45, b, () => 0.25));
  });
});
