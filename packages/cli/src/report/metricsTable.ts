import type { SymbolMetrics } from '../metrics/index.js';
import { money, percent } from '../output/format.js';
import { day, escapeHtml, signed } from './cells.js';

type NumberKey = { [K in keyof SymbolMetrics]: SymbolMetrics[K] extends number | null ? K : never }[keyof SymbolMetrics];
type Row = readonly [label: string, key: NumberKey, show: (v: number) => string, coloured?: boolean];
const ratio = (v: number) => v.toFixed(2);
const days = (v: number) => `${v.toFixed(1)} d`;
const pct = (v: number) => percent(v);
const ROWS: readonly Row[] = [
  ['Final equity', 'finalEquity', money],
  ['Total P&L', 'totalPnl', money, true],
  ['Total return', 'totalReturn', pct, true],
  ['CAGR', 'cagr', pct, true],
  ['Buy-and-hold return', 'benchmarkReturn', pct, true],
  ['Buy-and-hold CAGR', 'benchmarkCagr', pct, true],
  ['Volatility (annualized)', 'volatility', pct],
  ['Sharpe', 'sharpe', ratio],
  ['Sortino', 'sortino', ratio],
  ['Calmar', 'calmar', ratio],
  ['Max drawdown', 'maxDrawdown', pct],
  ['Exposure (bars in a position)', 'exposure', (v) => percent(v, 1)],
  ['Trades (round trips)', 'trades', String],
  ['Win rate', 'winRate', (v) => percent(v, 1)],
  ['Profit factor', 'profitFactor', ratio],
  ['Average trade return', 'avgTradeReturn', pct, true],
  ['Median trade return', 'medianTradeReturn', pct, true],
  ['Average holding time', 'avgHoldingDays', days],
  ['Median holding time', 'medianHoldingDays', days],
  ['Fees', 'fees', money],
  ['Turnover (× mean equity per year)', 'turnoverPerYear', (v) => `${v.toFixed(2)}×`],
  ['Fills', 'fills', String],
  ['Kill-switch trips', 'killSwitchTrips', String],
];

/** The metrics table's column of the sum of the accounts (no symbol has a space in its name). */
export const SUM_COLUMN = 'sum of accounts';

/**
 * Per-symbol metrics over each symbol's own span, and with several symbols a column for the sum
 * of the accounts; every cell carries its raw value for tests and scrapers.
 */
export function metricsTable(perSymbol: Readonly<Record<string, SymbolMetrics>>, fallbacks: Readonly<Record<string, number>>, sum: SymbolMetrics | null): string {
  const metrics: Record<string, SymbolMetrics> = sum ? { ...perSymbol, [SUM_COLUMN]: sum } : { ...perSymbol };
  const symbols = Object.keys(metrics);
  const head = `<tr><th></th>${symbols.map((s) => `<th>${escapeHtml(s)}</th>`).join('')}</tr>`;
  const span = `<tr><th>Span (own data)</th>${symbols.map((s) => {
    const sp = metrics[s]!.span;
    return `<td class="span">${sp ? `${day(sp.from)} –<br>${day(sp.to)}<br>${sp.bars.toLocaleString('en-US')} bars, ${sp.years.toFixed(2)} y` : 'no bars'}</td>`;
  }).join('')}</tr>`;
  const rows = ROWS.map(([label, key, show, coloured]) => {
    const cells = symbols.map((s) => {
      const v = metrics[s]![key];
      const cls = coloured && v !== null ? ` class="${signed(v)}"` : '';
      return `<td${cls} data-symbol="${escapeHtml(s)}" data-stat="${key}" data-value="${v === null ? '' : v}">${v === null ? 'n/a' : show(v)}</td>`;
    });
    return `<tr><th>${label}</th>${cells.join('')}</tr>`;
  });
  const allFallbacks = Object.values(fallbacks).reduce((a, b) => a + b, 0);
  const fb = `<tr><th>Feed fallbacks</th>${symbols.map((s) => `<td>${s === SUM_COLUMN ? allFallbacks : fallbacks[s] ?? 0}</td>`).join('')}</tr>`;
  return `<table id="metrics" class="metrics">${head}${span}${rows.join('')}${fb}</table>`;
}
