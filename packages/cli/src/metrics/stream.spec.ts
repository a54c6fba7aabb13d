import { describe, expect, it } from 'vitest';
import type { TickfoldEvent } from '@tickfold/core';
import { memoryRun } from '../test-support/memoryRun.js';
import { runMetrics } from './compute.js';
import { createMetricsTracker, metricsOfRecords } from './stream.js';
import { trackRecords } from './track.js';

describe('createMetricsTracker', () => {
  it('gives the figures of the whole track for an engine\'s session, resumed half way or not', async () => {
    const { records } = await memoryRun({ symbols: ['AAA', 'BBB'], data: { minBars: 20 }, broker: { allowShort: true } }, 120);
    const expected = runMetrics(trackRecords(records).track!);
    expect(expected.symbols.AAA!.fills).toBeGreaterThan(0);
    // A resumed run feeds the recorded part first, then the rest as it is written: one tracker either way.
    const tracker = createMetricsTracker();
    metricsOfRecords(records.slice(0, records.length >> 1), tracker);
    const resumed = metricsOfRecords(records.slice(records.length >> 1), tracker);
    for (const m of [metricsOfRecords(records)!, resumed!]) {
      expect(m.endReason).toBe('completed');
      for (const symbol of ['AAA', 'BBB']) {
        const { volatility, sharpe, ...rest } = m.symbols[symbol]!;
        const { volatility: v, sharpe: s, ...exact } = expected.symbols[symbol]!;
        expect(rest).toEqual(exact);
        expect(volatility).toBeCloseTo(v, 12);
        expect(sharpe!).toBeCloseTo(s!, 12);
      }
    }
  });

  it('is null before SessionStarted and refuses an event before it', async () => {
    const { records } = await memoryRun({ symbols: ['AAA'] }, 2);
    const tracker = createMetricsTracker();
    expect(tracker.metrics()).toBeNull();
    expect(() => tracker.push(records[1]!.event)).toThrow(/^E_REPORT_NO_SESSION: seq 2 comes before SessionStarted/);
  });

  it('refuses a Heartbeat or a fill older than a Heartbeat before it, naming its seq', async () => {
    const { records } = await memoryRun({ symbols: ['AAA'] }, 3);
    const beats = records.filter((r) => r.event.type === 'Heartbeat').map((r) => r.event);
    const tracker = metricsTrackerAfter(records, beats[1]!.seq);
    expect(() => tracker.push({ ...beats[0]!, seq: 99 })).toThrow(/^E_REPORT_TICK_ORDER: seq 99 is the Heartbeat of tick 1, after the one of tick 2/);
    const fill = { type: 'OrderFilled', seq: 100, symbol: 'AAA', tick: 2, time: beats[1]!.time, data: { qty: 1, price: 10, fee: 0, cause: 'rebalance', writeOff: 0 } } as unknown as TickfoldEvent;
    expect(() => tracker.push(fill)).toThrow(/^E_REPORT_TICK_ORDER: seq 100 fills at tick 2, after the Heartbeat of tick 2/);
  });
});

function metricsTrackerAfter(records: readonly { event: TickfoldEvent }[], seq: number) {
  const tracker = createMetricsTracker();
  for (const { event } of records) if (event.seq <= seq) tracker.push(event);
  return tracker;
}
