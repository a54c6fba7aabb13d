import { describe, expect, it } from 'vitest';
import { csvRun } from '../test-support/csvRun.js';
import { createTracker } from './track.js';
import { runMetrics } from './compute.js';

const YEAR_DAYS = 365.25;
const hold = { strategies: [{ name: 'hold', weight: 1, params: {} }], data: { minBars: 1 }, broker: { feeBps: 0, slippageBps: 0 }, risk: { maxConsecutiveFallbacks: null, maxDrawdown: null, dailyLoss: null } };

async function metricsOf(files: Record<string, string>) {
  const { records } = await csvRun(files, hold);
  const tracker = createTracker();
  for (const r of records) tracker.push(r.event);
  return runMetrics(tracker.track!);
}

describe('metrics over each symbol\'s own span (real CSV fixtures)', () => {
  it('each symbol\'s CAGR matches a hand computation over its own dates, not the session\'s', async () => {
    const m = await metricsOf({ ORCL: 'orcl-2003-2005.csv', NVDA: 'nvda-1999-2014.csv' });
    // Held from the first close to the last, with no costs: the account grows as the close does.
    // ORCL: 11.21 on 2003-01-02 to 12.21 on 2005-12-30, 1,093 days apart plus the last bar's day.
    const orcl = m.symbols.ORCL!;
    expect(orcl.span).toMatchObject({ from: '2003-01-02T00:00:00.000Z', to: '2005-12-30T00:00:00.000Z', bars: 756 });
    expect(orcl.totalReturn).toBeCloseTo(12.21 / 11.21 - 1, 9);
    expect(orcl.cagr!).toBeCloseTo((12.21 / 11.21) ** (YEAR_DAYS / 1094) - 1, 9);
    // NVDA: 1.640625 on 1999-01-22 to 20.049999 on 2014-12-31, 5,822 days apart plus one.
    const nvda = m.symbols.NVDA!;
    expect(nvda.span).toMatchObject({ from: '1999-01-22T00:00:00.000Z', to: '2014-12-31T00:00:00.000Z', bars: 4012 });
    expect(nvda.cagr!).toBeCloseTo((20.049999 / 1.640625) ** (YEAR_DAYS / 5823) - 1, 9);
    // The benchmark is the same buy-and-hold, so here it agrees with the account.
    expect(orcl.benchmarkCagr!).toBeCloseTo(orcl.cagr!, 9);
    expect(orcl.exposure).toBe(1);
    expect(m.endReason).toBe('completed');
  });

  it('three files of different spans (ORCL from 1995, YHOO from 1996, NVDA from 1999): each CAGR is over its own dates', async () => {
    const m = await metricsOf({ ORCL: 'orcl-1995-2014.csv', NVDA: 'nvda-1999-2014.csv', YHOO: 'yhoo-1996-2015.csv' });
    // First and last closes of each file, and the days between its first and last date plus one.
    const hand = { ORCL: [2.117284, 44.970001, 7303], NVDA: [1.640625, 20.049999, 5823], YHOO: [1.375, 33.259998, 7203] } as const;
    for (const [symbol, [first, last, days]] of Object.entries(hand)) {
      expect(m.symbols[symbol]!.cagr!).toBeCloseTo((last / first) ** (YEAR_DAYS / days) - 1, 9);
    }
    // NVDA: about 17 % a year over its own 16 years, not 13.6 % over the session's 21.
    expect(m.symbols.NVDA!.cagr!).toBeGreaterThan(0.169);
    expect(m.symbols.NVDA!.span).toMatchObject({ from: '1999-01-22T00:00:00.000Z', bars: 4012 });
    expect(m.symbols.ORCL!.span).toMatchObject({ to: '2014-12-31T00:00:00.000Z', bars: 5036 });
    expect(m.symbols.YHOO!.span).toMatchObject({ from: '1996-04-12T00:00:00.000Z', to: '2015-12-31T00:00:00.000Z', bars: 4965 });
  });
});
