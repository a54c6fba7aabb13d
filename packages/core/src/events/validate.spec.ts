import { describe, expect, it } from 'vitest';
import { validateEvent, isValidEvent } from '../index.js';
import { errorOf } from '../test-support/errors.js';

const fill = {
  seq: 17,
  type: 'OrderFilled',
  tick: 4,
  time: '2024-01-05T00:00:00.000Z',
  symbol: 'SPY',
  data: {
    orderId: 'SPY-4', cause: 'rebalance', fillModel: 'close', targetWeight: 0.5, requestedQty: 10, qty: 10,
    price: 100.02, refPrice: 100, slippageBps: 2, fee: 0.1, clipped: null, writeOff: 0,
  },
};

const invalid = (value: unknown) => errorOf(() => validateEvent(value));

describe('event validation', () => {
  it('accepts a well-formed event', () => {
    expect(isValidEvent(fill)).toBe(true);
  });

  it('rejects an unknown field and names it', () => {
    const e = invalid({ ...fill, data: { ...fill.data, extra: 1 } });
    expect(e.code).toBe('E_EVENT_INVALID');
    expect(e.message).toContain('OrderFilled seq 17');
    expect(e.message).toContain("'extra'");
    expect(e.details['rule']).toBe('additionalProperties');
  });

  it.each([NaN, Infinity, -Infinity])('rejects the non-finite number %s with the field and rule', (bad) => {
    const e = invalid({ ...fill, data: { ...fill.data, qty: bad } });
    expect(e.details).toMatchObject({ type: 'OrderFilled', seq: 17, field: '/data/qty', rule: 'type' });
  });

  it('rejects a wrong type in the envelope', () => {
    const e = invalid({ ...fill, tick: '4' });
    expect(e.details).toMatchObject({ field: '/tick', rule: 'type' });
  });

  it('rejects an unknown event type listing the known ones', () => {
    const e = invalid({ ...fill, type: 'OrderPlaced' });
    expect(e.message).toContain('unknown event type "OrderPlaced"');
    expect(e.message).toContain('OrderFilled');
  });

  it('rejects a time that is not a UTC ISO instant', () => {
    expect(isValidEvent({ ...fill, time: '2024-01-05' })).toBe(false);
  });
});
