import { describe, expect, it } from 'vitest';
import type { TickfoldEvent } from '@tickfold/core';
import { memoryRun } from '../test-support/memoryRun.js';
import { describeEvent } from './describe.js';
import { money } from './format.js';

describe('describeEvent', () => {
  it('summarizes a fill with side, quantity, price and fee', () => {
    const fill = { seq: 9, type: 'OrderFilled', tick: 3, time: '2024-01-04T00:00:00.000Z', symbol: 'SPY', data: { orderId: 'o', cause: 'rebalance', fillModel: 'close', targetWeight: -0.5, requestedQty: -10, qty: -10, price: 101.5, refPrice: 101.4, slippageBps: 2, fee: 0.1, clipped: null } } as TickfoldEvent;
    expect(describeEvent(fill)).toBe('SELL 10 @ 101.5 fee 0.10 (rebalance)');
  });

  it('describes a feed-failure trip as a count, not a percentage', () => {
    const trip = { seq: 9, type: 'KillSwitchTripped', tick: 3, time: '2024-01-04T00:00:00.000Z', symbol: 'SPY', data: { kind: 'feed-failure', value: 5, limit: 5, until: null } } as TickfoldEvent;
    expect(describeEvent(trip)).toBe('feed-failure: 5 fallbacks in a row (limit 5)');
  });

  it('calls the total of several symbols a sum of accounts, not equity', async () => {
    const { records } = await memoryRun({ symbols: ['AAA', 'BBB'], data: { minBars: 10 } }, 3);
    const beat = records.find((r) => r.event.type === 'Heartbeat')!.event;
    if (beat.type !== 'Heartbeat') throw new Error('no Heartbeat');
    expect(describeEvent(beat)).toBe(`sum of 2 accounts ${money(beat.data.equity)}`);
    const one = (await memoryRun({ symbols: ['AAA'], data: { minBars: 10 } }, 1)).records.find((r) => r.event.type === 'Heartbeat')!.event;
    expect(describeEvent(one)).toMatch(/^equity [\d,]+\.\d\d$/);
  });

  it('has a line for every event of a real run', async () => {
    const { records } = await memoryRun({ symbols: ['AAA'], data: { minBars: 10 } }, 40);
    for (const r of records) expect(typeof describeEvent(r.event)).toBe('string');
    expect(describeEvent(records[0]!.event)).toMatch(/^seed 42, synthetic feed, AAA, momentum\+mean-reversion/);
  });
});
