import {
  periodReturns, roundTrips, spanIndexes, symbolCurves, worstDrawdowns,
  type RecordedFill, type RunTrack, type SymbolMetrics,
} from '../metrics/index.js';
import { money, percent, units } from '../output/format.js';

/** Most rows of the round-trip and fill tables; `tickfold export` gives them all. */
export const MAX_TABLE_ROWS = 1000;

export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const day = (iso: string | null) => (iso === null ? '' : iso.slice(0, 10));
const stamp = (iso: string) => (iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 16).replace('T', ' '));
const signed = (v: number) => (v > 0 ? 'gain' : v < 0 ? 'loss' : '');

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

/** The deepest drawdowns of each account (its own span) and of the sum of accounts. */
export function drawdownTable(track: RunTrack, total: readonly number[], perSymbol = 5): string {
  const cash = track.config.cash;
  const rows: string[] = [];
  const add = (name: string, times: readonly number[], equity: readonly number[], initial: number) => {
    for (const p of worstDrawdowns(times, equity, initial, perSymbol)) {
      rows.push(`<tr><td>${escapeHtml(name)}</td><td>${day(p.start)}</td><td>${day(p.trough)}</td><td>${p.recovery === null ? 'not recovered' : day(p.recovery)}</td><td class="loss">${percent(-p.depth)}</td><td>${Math.round(p.days)}</td></tr>`);
    }
  };
  const n = Object.keys(track.symbols).length;
  if (n > 1) add('sum of accounts', track.timesMs, total, cash * n);
  for (const [symbol, s] of Object.entries(track.symbols)) {
    const r = spanIndexes(s, track.ticks);
    if (r) add(symbol, track.timesMs.slice(r.first, r.last + 1), s.equity.slice(r.first, r.last + 1), cash);
  }
  return `<table id="drawdowns"><tr><th>account</th><th>start (peak)</th><th>trough</th><th>recovery</th><th>depth</th><th>days</th></tr>${rows.join('')}</table>`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A cell coloured by its return: green gains, red losses, stronger up to ±`full`. */
function heatCell(r: number | undefined, full: number, attrs = ''): string {
  if (r === undefined) return '<td></td>';
  const alpha = Math.min(1, Math.abs(r) / full) * 0.75 + 0.08;
  const rgb = r >= 0 ? '44,160,44' : '214,39,40';
  return `<td${attrs} style="background:rgba(${rgb},${alpha.toFixed(2)})">${(r * 100).toFixed(1)}</td>`;
}

/** Monthly returns (rows: years) with each year's return and its buy-and-hold's, per symbol over its own span. */
export function monthlyTables(track: RunTrack): string {
  const cash = track.config.cash;
  return Object.entries(track.symbols).map(([symbol, s]) => {
    const r = spanIndexes(s, track.ticks);
    if (!r) return `<h3>${escapeHtml(symbol)}</h3><p>No bars.</p>`;
    const times = track.timesMs.slice(r.first, r.last + 1);
    const monthly = new Map(periodReturns(times, s.equity.slice(r.first, r.last + 1), cash, 'month').map((p) => [p.period, p.return]));
    const yearly = periodReturns(times, s.equity.slice(r.first, r.last + 1), cash, 'year');
    const bench = symbolCurves(track, symbol).benchmark.slice(r.first, r.last + 1);
    const held = new Map(periodReturns(times, bench.map((b) => b ?? cash), cash, 'year').map((p) => [p.period, p.return]));
    const rows = yearly.map(({ period: year, return: y }) => {
      const cells = MONTHS.map((_, m) => heatCell(monthly.get(`${year}-${String(m + 1).padStart(2, '0')}`), 0.1)).join('');
      return `<tr><th>${year}</th>${cells}${heatCell(y, 0.3, ` class="year" data-symbol="${escapeHtml(symbol)}" data-year="${year}" data-value="${y}"`)}${heatCell(held.get(year), 0.3)}</tr>`;
    });
    return `<h3>${escapeHtml(symbol)}</h3><table class="heatmap"><tr><th></th>${MONTHS.map((m) => `<th>${m}</th>`).join('')}<th>Year</th><th>Buy-and-hold</th></tr>${rows.join('')}</table>`;
  }).join('');
}

/** Round trips and raw fills side by side, each capped at MAX_TABLE_ROWS. */
export function tradeTables(track: RunTrack): string {
  const trips = Object.entries(track.symbols).flatMap(([symbol, s]) => {
    const r = spanIndexes(s, track.ticks);
    const last = r ? s.price[r.last] : null;
    const mark = r && last != null ? { price: last, time: new Date(track.timesMs[r.last]!).toISOString() } : null;
    return roundTrips(s.fills, mark).map((t) => ({ symbol, ...t }));
  }).sort((a, b) => a.entryTick - b.entryTick || (a.symbol < b.symbol ? -1 : 1));
  const fills: RecordedFill[] = Object.values(track.symbols).flatMap((s) => s.fills).sort((a, b) => a.seq - b.seq);
  const more = (shown: number, all: number, flag: string) => (all > shown ? `<p>Showing the first ${shown} of ${all}; <code>tickfold export RUN ${flag}</code> gives them all.</p>` : '');
  const tripRows = trips.slice(0, MAX_TABLE_ROWS).map((t) =>
    `<tr class="${t.open ? 'open' : ''}"><td>${escapeHtml(t.symbol)}</td><td>${t.side}</td><td>${stamp(t.entryTime)}</td><td>${t.exitTime === null ? 'open' : stamp(t.exitTime)}</td><td>${t.holdingDays.toFixed(1)}</td><td class="${signed(t.return)}">${percent(t.return)}</td><td class="${signed(t.pnl)}">${money(t.pnl)}</td><td>${escapeHtml(t.exitCause ?? '')}</td><td>${t.entryPrice.toFixed(2)}</td><td>${t.exitPrice === null ? '' : t.exitPrice.toFixed(2)}</td><td>${units(t.maxQty)}</td></tr>`);
  const fillRows = fills.slice(0, MAX_TABLE_ROWS).map((f) =>
    `<tr><td>${f.seq}</td><td>${stamp(f.time)}</td><td>${escapeHtml(f.symbol)}</td><td>${f.qty >= 0 ? 'buy' : 'sell'}</td><td>${units(Math.abs(f.qty))}</td><td>${f.price.toFixed(2)}</td><td>${money(f.fee)}</td><td>${escapeHtml(f.cause)}</td></tr>`);
  return `<div class="side"><div class="trips"><h3>Round trips (${trips.length})</h3><div class="scroll"><table id="trips"><tr><th>symbol</th><th>side</th><th>entry</th><th>exit</th><th>days</th><th>return</th><th>P&amp;L</th><th>exit cause</th><th>entry price</th><th>exit price</th><th>max qty</th></tr>${tripRows.join('')}</table></div>${more(tripRows.length, trips.length, '--trades')}</div>`
    + `<div class="fills"><h3>Fills (${fills.length})</h3><div class="scroll"><table id="fills"><tr><th>seq</th><th>time</th><th>symbol</th><th>side</th><th>qty</th><th>price</th><th>fee</th><th>cause</th></tr>${fillRows.join('')}</table></div>${more(fillRows.length, fills.length, '--equity (or inspect --type OrderFilled)')}</div></div>`;
}
