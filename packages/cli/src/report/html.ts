import type { Collected, Fill } from './collect.js';
import type { SymbolMetrics } from '../metrics/index.js';
import { CLIENT_SCRIPT } from './client.js';
import { money, percent, units } from '../output/format.js';

const MAX_TRADE_ROWS = 5000;

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON that is safe inside a <script> element. */
const scriptJson = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c');

type NumberKey = { [K in keyof SymbolMetrics]: SymbolMetrics[K] extends number | null ? K : never }[keyof SymbolMetrics];
type Row = readonly [label: string, key: NumberKey, show: (v: number) => string];
const ratio = (v: number) => v.toFixed(2);
const days = (v: number) => `${v.toFixed(1)} d`;
const ROWS: readonly Row[] = [
  ['Final equity', 'finalEquity', money],
  ['Total P&L', 'totalPnl', money],
  ['Total return', 'totalReturn', (v) => percent(v)],
  ['CAGR', 'cagr', (v) => percent(v)],
  ['Buy-and-hold return', 'benchmarkReturn', (v) => percent(v)],
  ['Volatility (annualized)', 'volatility', (v) => percent(v)],
  ['Sharpe', 'sharpe', ratio],
  ['Sortino', 'sortino', ratio],
  ['Calmar', 'calmar', ratio],
  ['Max drawdown', 'maxDrawdown', (v) => percent(v)],
  ['Exposure', 'exposure', (v) => percent(v, 1)],
  ['Trades (round trips)', 'trades', String],
  ['Win rate', 'winRate', (v) => percent(v, 1)],
  ['Profit factor', 'profitFactor', ratio],
  ['Average trade return', 'avgTradeReturn', (v) => percent(v)],
  ['Median trade return', 'medianTradeReturn', (v) => percent(v)],
  ['Average holding time', 'avgHoldingDays', days],
  ['Median holding time', 'medianHoldingDays', days],
  ['Fees', 'fees', money],
  ['Turnover (× equity per year)', 'turnoverPerYear', (v) => `${v.toFixed(2)}×`],
  ['Fills', 'fills', String],
];

function statsTable(stats: Readonly<Record<string, SymbolMetrics>>): string {
  const symbols = Object.keys(stats);
  const head = `<tr><th></th>${symbols.map((s) => `<th>${escapeHtml(s)}</th>`).join('')}</tr>`;
  const rows = ROWS.map(([label, key, show]) => {
    const cells = symbols.map((s) => {
      const v = stats[s]![key];
      return `<td data-symbol="${escapeHtml(s)}" data-stat="${key}" data-value="${v === null ? '' : v}">${v === null ? 'n/a' : show(v)}</td>`;
    });
    return `<tr><th>${label}</th>${cells.join('')}</tr>`;
  });
  return `<table id="stats">${head}${rows.join('')}</table>`;
}

function tradesTable(fills: readonly Fill[]): string {
  const shown = fills.slice(0, MAX_TRADE_ROWS);
  const rows = shown.map(
    (f) =>
      `<tr><td>${f.seq}</td><td>${f.time.slice(0, 19).replace('T', ' ')}</td><td>${escapeHtml(f.symbol)}</td><td>${f.qty >= 0 ? 'buy' : 'sell'}</td><td>${units(Math.abs(f.qty))}</td><td>${f.price.toFixed(4)}</td><td>${money(f.fee)}</td><td>${money(f.realized)}</td><td>${escapeHtml(f.cause)}</td></tr>`,
  );
  const more = fills.length > shown.length ? `<p>Showing the first ${shown.length} of ${fills.length} fills; 'tickfold inspect RUN --type OrderFilled' lists them all.</p>` : '';
  return `<table id="trades"><tr><th>seq</th><th>time</th><th>symbol</th><th>side</th><th>qty</th><th>price</th><th>fee</th><th>realized</th><th>cause</th></tr>${rows.join('')}</table>${more}`;
}

/** Per-tick columns of the charts; fills and markers sit on the tick they happened at. */
function chartData(c: Collected) {
  const index = new Map(c.ticks.map((t, i) => [t, i]));
  const at = (tick: number) => index.get(tick) ?? index.get(tick + 1);
  const symbols: Record<string, unknown> = {};
  for (const [symbol, s] of Object.entries(c.symbols)) {
    const empty = () => c.ticks.map((): number | null => null);
    const buys = empty(), sells = empty(), kills = empty(), fallbacks = empty();
    for (const f of s.fills) {
      const i = at(f.tick);
      if (i !== undefined) (f.qty >= 0 ? buys : sells)[i] = f.price;
    }
    for (const m of s.markers) {
      const i = at(m.tick);
      if (i !== undefined) (m.kind === 'kill-switch' ? kills : fallbacks)[i] = s.price[i] ?? null;
    }
    symbols[symbol] = { equity: s.equity, drawdown: s.drawdown, price: s.price, buys, sells, kills, fallbacks };
  }
  const totalEquity = c.ticks.map((_, i) => Object.values(c.symbols).reduce((sum, s) => sum + s.equity[i]!, 0));
  return { times: c.timesMs.map((t) => t / 1000), totalEquity, symbols };
}

/**
 * The whole report as one self-contained HTML document: uPlot and its CSS inlined, data embedded.
 *
 * @example writeFileSync('report.html', renderReport(collected, stats, uplotAssets()))
 */
export function renderReport(c: Collected, stats: Readonly<Record<string, SymbolMetrics>>, assets: { js: string; css: string }, title = 'tickfold report'): string {
  const data = { ...chartData(c), stats };
  const markers = Object.values(c.symbols).flatMap((s) => s.markers);
  const kills = markers.filter((m) => m.kind === 'kill-switch');
  const fallbacks = markers.length - kills.length;
  const priceCharts = Object.keys(c.symbols).map((_, i) => `<div class="chart" id="chart-price-${i}"></div>`).join('');
  const fills = Object.values(c.symbols).flatMap((s) => s.fills).sort((a, b) => a.seq - b.seq);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<style>${assets.css}</style>
<style>body{font:14px system-ui,sans-serif;margin:20px;color:#222}table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f4f4f4}code,pre{font:12px ui-monospace,monospace}pre{background:#f7f7f7;padding:8px;overflow:auto}.chart{margin:12px 0}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
<p>${c.ticks.length} ticks, ${c.state.seq} events, ${Object.keys(c.symbols).length} symbol(s), status ${c.state.status}. Head hash <code id="head">${c.head}</code></p>
<h2>Equity and drawdown</h2><div class="chart" id="chart-equity"></div><div class="chart" id="chart-drawdown"></div>
<h2>Statistics</h2>${statsTable(stats)}
<h2>Prices, fills and markers</h2><p>${kills.length} kill-switch trip(s), ${fallbacks} feed fallback(s).</p>${kills.length ? `<ul>${kills.map((k) => `<li>tick ${k.tick} (${k.time.slice(0, 10)}): ${escapeHtml(k.symbol)} ${escapeHtml(k.label)}</li>`).join('')}</ul>` : ''}${priceCharts}
<h2>Trades</h2>${tradesTable(fills)}
<h2>Config</h2><pre id="config">${escapeHtml(JSON.stringify(c.config, null, 2))}</pre>
<script id="report-data" type="application/json">${scriptJson(data)}</script>
<script>${assets.js.replace(/<\/script/gi, '<\\/script')}</script>
<script>${CLIENT_SCRIPT}</script>
</body></html>
`;
}
