import { describe, expect, it } from 'vitest';
import { memoryRun } from '../test-support/memoryRun.js';
import { collect } from './collect.js';

describe('collect', () => {
  it('ends in the run state and keeps one point per tick for every symbol', async () => {
    const { records, result } = await memoryRun({ symbols: ['AAA', 'BBB'], data: { minBars: 20 } }, 80);
    const c = await collect(records);
    expect(c.head).toBe(result.head);
    expect(c.state).toEqual(result.state);
    expect(c.ticks).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    for (const s of Object.values(c.symbols)) {
      expect(s.equity).toHaveLength(80);
      expect(s.price).toHaveLength(80);
      expect(s.drawdown.every((d) => d >= 0 && d <= 1)).toBe(true);
    }
  });

  it('finds as many fills as the portfolio counted, with the realized P&L it booked', async () => {
    const { records, result } = await memoryRun({ symbols: ['AAA'], data: { minBars: 20 }, strategies: [{ name: 'sma-cross', params: { fast: 3, slow: 8 } }] }, 150, 3);
    const c = await collect(records);
    const p = result.state.symbols['AAA']!.portfolio;
    expect(p.roundTrips).toBeGreaterThan(0);
    expect(c.symbols['AAA']!.fills).toHaveLength(p.fills);
    const realized = c.symbols['AAA']!.fills.reduce((sum, f) => sum + f.realized, 0);
    expect(realized).toBeCloseTo(p.realizedPnl, 6);
  });

  it('refuses a log that does not start with SessionStarted', async () => {
    const { records } = await memoryRun({ symbols: ['AAA'] }, 2);
    await expect(collect(records.slice(1))).rejects.toThrow(/E_REPORT_NO_SESSION: seq 2/);
  });
});
