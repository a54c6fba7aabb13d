import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import pc from 'picocolors';
import { memoryRun } from '../test-support/memoryRun.js';
import { runMetrics, trackRecords } from '../metrics/index.js';
import { summarize, type RunSummary } from './summary.js';
import { summaryTable, summaryText } from './table.js';
import { haltLine } from './halts.js';
import { terminalOf, type Terminal } from './terminal.js';

const ESC = '\u001b[';
const term = (colored: boolean, width: number): Terminal => ({ color: pc.createColors(colored), colored, width });

async function summaryOf(symbols: string[], risk: Record<string, unknown>): Promise<RunSummary> {
  const { records, result } = await memoryRun({ symbols, data: { minBars: 15 }, strategies: [{ name: 'sma-cross', params: { fast: 3, slow: 10 } }], risk }, 150, 11);
  return summarize('runs/x', result.state, result.head, runMetrics(trackRecords(records).track!));
}

describe('run summary in the terminal', () => {
  it('fits 80 columns by dropping the least needed columns first, and keeps them all in a pipe', async () => {
    const s = await summaryOf(['AAA', 'BBB', 'BRK-B'], { maxDrawdown: null });
    const narrow = summaryText(s, 'run completed', term(false, 80));
    for (const line of narrow.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    const head = narrow.split('\n')[2]!;
    for (const kept of ['symbol', 'equity', 'return', 'max DD', 'trades']) expect(head).toContain(kept);
    expect(head).not.toContain('fills');
    const piped = summaryTable(s, term(false, Infinity)).split('\n')[1]!;
    for (const all of ['P&L', 'CAGR', 'Sharpe', 'win', 'fees', 'position', 'cash', 'fills']) expect(piped).toContain(all);
    expect(stripVTControlCharacters(summaryTable(s, term(false, 50)))).toMatch(/symbol/);
    for (const line of summaryTable(s, term(false, 50)).split('\n')) expect(line.length).toBeLessThanOrEqual(50);
  });

  it('colours gains green and losses red where the terminal has colour, and nothing otherwise', async () => {
    const s = await summaryOf(['AAA', 'BBB', 'CCC', 'DDD'], { maxDrawdown: null });
    const returns = Object.values(s.symbols).map((x) => x.metrics.totalReturn);
    expect(returns.some((r) => r > 0) && returns.some((r) => r < 0)).toBe(true);
    const colored = summaryTable(s, term(true, Infinity));
    for (const x of Object.values(s.symbols)) {
      const shown = `${(x.metrics.totalReturn * 100).toFixed(2)}%`;
      expect(colored).toContain(x.metrics.totalReturn > 0 ? `${ESC}32m${shown}` : `${ESC}31m${shown}`);
    }
    expect(summaryText(s, 'done', term(false, Infinity))).not.toContain(ESC);
    expect(stripVTControlCharacters(colored)).toBe(summaryTable(s, term(false, Infinity)));
  });

  it('says which symbol a kill switch halted and why, highlighted', async () => {
    const s = await summaryOf(['AAA', 'BBB'], { maxDrawdown: 0.06 });
    const halted = Object.entries(s.symbols).filter(([, x]) => x.haltedBy !== null);
    expect(halted.length).toBeGreaterThan(0);
    const text = summaryText(s, 'run ended', term(true, 100));
    for (const [symbol, x] of halted) {
      const line = haltLine(symbol, x.haltedBy!);
      expect(line).toMatch(new RegExp(`^${symbol} halted by max-drawdown at tick \\d+ \\(\\d{4}-\\d{2}-\\d{2}\\): drawdown \\d+\\.\\d\\d% reached the 6\\.00% limit`));
      expect(text).toContain(`${ESC}33m${line}`);
    }
  });
});

describe('terminalOf', () => {
  const stream = (extra: Record<string, unknown>) => ({ write: () => true, ...extra }) as unknown as Parameters<typeof terminalOf>[0];

  it('has no colour and no width limit in a pipe', () => {
    expect(terminalOf(stream({ isTTY: false }), {})).toMatchObject({ colored: false, width: Infinity });
  });

  it('honours NO_COLOR on a terminal, but an empty NO_COLOR is not set', () => {
    const tty = stream({ isTTY: true, columns: 80, hasColors: () => true });
    expect(terminalOf(tty, { NO_COLOR: '1' })).toMatchObject({ colored: false, width: 80 });
    expect(terminalOf(tty, { NO_COLOR: '' })).toMatchObject({ colored: true, width: 80 });
    expect(terminalOf(stream({ isTTY: true, columns: 120, hasColors: () => false }), {})).toMatchObject({ colored: false, width: 120 });
  });
});
