import { describe, expect, it } from 'vitest';
import { memoryRun } from '../test-support/memoryRun.js';
import { collect } from './collect.js';

describe('collect', () => {
  it('keeps one point per tick for every symbol and ends at the run\'s head and equity', async () => {
    const { records, result } = await memoryRun({ symbols: ['AAA', 'BBB'], data: { minBars: 20 } }, 80);
    const { track, head } = await collect(records);
    expect(head).toBe(result.head);
    expect(track.ticks).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    for (const [symbol, s] of Object.entries(track.symbols)) {
      expect(s.equity).toHaveLength(80);
      expect(s.price).toHaveLength(80);
      expect(s.equity.at(-1)).toBe(result.state.symbols[symbol]!.portfolio.equity);
    }
  });

  it('finds as many fills as the portfolio counted', async () => {
    const { records, result } = await memoryRun({ symbols: ['AAA'], data: { minBars: 20 }, strategies: [{ name: 'sma-cross', params: { fast: 3, slow: 8 } }] }, 150, 3);
    const { track } = await collect(records);
    const p = result.state.symbols['AAA']!.portfolio;
    expect(p.fills).toBeGreaterThan(0);
    expect(track.symbols['AAA']!.fills).toHaveLength(p.fills);
  });

  it('refuses a log that does not start with SessionStarted', async () => {
    const { records } = await memoryRun({ symbols: ['AAA'] }, 2);
    await expect(collect(records.slice(1))).rejects.toThrow(/E_REPORT_NO_SESSION: seq 2/);
  });
});
