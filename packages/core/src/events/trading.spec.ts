import { describe, expect, it } from 'vitest';
import { Config, isValidEvent } from '../index.js';

const rejected = (reason: string) => ({
  seq: 9, type: 'OrderRejected', tick: 3, time: '2024-01-04T00:00:00.000Z', symbol: 'SPY',
  data: { orderId: 'SPY-3', targetWeight: 0.5, requestedQty: 10, reason, message: 'm' },
});

describe('trading event vocabularies', () => {
  it("records every reason the broker rejects for, and 'no-change', but no 'kill-switch' (nothing ever emitted it)", () => {
    for (const reason of ['position-limit', 'insufficient-cash', 'below-one-share', 'no-change']) expect(isValidEvent(rejected(reason))).toBe(true);
    expect(isValidEvent(rejected('kill-switch'))).toBe(false);
  });

  it('the config fills with exactly the models OrderFilled records', () => {
    const allowed = Config.properties.broker.properties.fill.anyOf.map((l) => l.const);
    expect(allowed).toEqual(['close', 'next-open']);
    for (const fillModel of allowed) {
      const fill = { seq: 1, type: 'OrderFilled', tick: 1, time: '2024-01-02T00:00:00.000Z', symbol: 'SPY', data: { orderId: 'o', cause: 'rebalance', fillModel, targetWeight: 0, requestedQty: 1, qty: 1, price: 1, refPrice: 1, slippageBps: 0, fee: 0, clipped: null, writeOff: 0 } };
      expect(isValidEvent(fill)).toBe(true);
    }
  });
});
