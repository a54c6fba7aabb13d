import { sumOfAccounts, sumOfAccountsMetrics, type SymbolMetrics } from '../metrics/index.js';
import { money, percent } from '../output/format.js';
import type { Collected } from './collect.js';
import { CLIENT_SCRIPT } from './client.js';
import { chartData } from './data.js';
import { escapeHtml } from './cells.js';
import { drawdownTable } from './drawdownTable.js';
import { monthlyTables } from './heatmap.js';
import { metricsTable } from './metricsTable.js';
import { tradeTables } from './tradeTables.js';
import { haltLine } from '../output/halts.js';

/** JSON that is safe inside a <script> element. */
const scriptJson = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c');

const END: Readonly<Record<string, string>> = {
  completed: 'completed its ticks',
  'data-exhausted': 'ended: the data ran out',
  'all-halted': 'ended: every symbol was halted by a kill switch',
};

const STYLE = `body{font:14px system-ui,sans-serif;margin:20px;color:#222;max-width:1400px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f4f4f4}
code,pre{font:12px ui-monospace,monospace}pre{background:#f7f7f7;padding:8px;overflow:auto}.chart{margin:10px 0}
.gain{color:#1a7f1a}.loss{color:#c62828}.halt{background:#fff3cd;border:1px solid #e0b000;padding:6px 10px;margin:8px 0}
.heatmap td{min-width:2.6em;font-size:12px}.heatmap td.year{font-weight:600}.side{display:flex;gap:16px;flex-wrap:wrap}
.side>div{min-width:0}.side>.trips{flex:3 1 620px}.side>.fills{flex:2 1 420px}.scroll{max-height:420px;overflow:auto}.scroll table{font-size:12px}.scroll td{white-space:nowrap}
label.log{font-size:12px;color:#555}.note{font-size:12px;color:#555;margin-top:-4px}td.span{white-space:nowrap}tr.open td{font-style:italic}`;

function marksNote(symbol: string, m: SymbolMetrics, marks: { merged: number; perRun: number }): string {
  const trips = `${symbol}: ${m.trades.toLocaleString('en-US')} closed round trip(s), ${m.fills.toLocaleString('en-US')} fill(s).`;
  if (marks.perRun === 1 && marks.merged === 0) return `${trips} Every entry and exit is marked at its average fill price.`;
  if (marks.perRun === 1) return `${trips} Entries and exits at their average fill price; ${marks.merged} that fell on an already marked point are not drawn.`;
  return `${trips} Too many to mark one by one: each run of ${marks.perRun} ticks shows at most one long entry, one short entry and one exit (${marks.merged.toLocaleString('en-US')} marks merged). The round-trip table and 'tickfold export RUN --trades' have them all.`;
}

const chartDiv = (id: string, logToggle: boolean) =>
  `${logToggle ? `<label class="log"><input type="checkbox" id="${id}-log"> log scale</label>` : ''}<div class="chart" id="${id}"></div>`;

/**
 * The tearsheet as one self-contained HTML document: uPlot and its CSS inlined, data embedded,
 * charts thinned so that long runs stay small.
 *
 * @example writeFileSync('report.html', renderReport(collected, runMetrics(collected.track).symbols, uplotAssets()))
 */
export function renderReport(c: Collected, metrics: Readonly<Record<string, SymbolMetrics>>, assets: { js: string; css: string }, title = 'tickfold report'): string {
  const { track } = c;
  const data = chartData(track);
  const symbols = Object.keys(track.symbols);
  const n = symbols.length;
  const charts = new Map(data.charts.map((ch) => [ch.id, ch]));
  const div = (id: string) => (charts.has(id) ? chartDiv(id, charts.get(id)!.logToggle) : '');
  const total = sumOfAccounts(track);
  const start = track.config.cash * n;
  const end = total.at(-1) ?? start;
  const halts = symbols.flatMap((s) => (metrics[s]!.haltedBy ? [haltLine(s, metrics[s]!.haltedBy!)] : []));
  const fallbacks = Object.fromEntries(symbols.map((s) => [s, track.symbols[s]!.fallbacks.length]));
  const trips = symbols.flatMap((s) => track.symbols[s]!.trips.map((t) => ({ s, ...t })));
  const thinned = data.perBucket > 1
    ? `Charts draw ${data.times.length.toLocaleString('en-US')} points for ${data.ticks.toLocaleString('en-US')} ticks: each group of ${data.perBucket} ticks is drawn as its low and high.`
    : `Charts draw every tick.`;
  const accounts = n > 1
    ? `<p id="accounts">Each symbol is an <b>independent account</b> with its own ${money(track.config.cash)} of cash; the figures below called “sum of accounts” add them up (${money(start)} at the start, <span class="${end >= start ? 'gain' : 'loss'}">${money(end)}</span> at the end, ${percent(end / start - 1)}). They are not a portfolio: no cash moves between symbols.</p>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<style>${assets.css}</style>
<style>${STYLE}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
<p>${track.ticks.length.toLocaleString('en-US')} ticks, ${track.events.toLocaleString('en-US')} events, ${n} symbol(s); the session ${track.endReason === null ? 'was stopped and can be resumed' : END[track.endReason]}. Head hash <code id="head">${c.head}</code></p>
${halts.length ? `<div class="halt" id="halts">${halts.map((h) => `<div>${escapeHtml(h)}</div>`).join('')}</div>` : ''}
${accounts}
<h2>Equity</h2>${div('chart-equity')}${div('chart-accounts')}
<h2>Metrics</h2><p>Each symbol over its own span, from its first bar to its last. Returns are per bar; buy-and-hold buys at the first bar's close with no costs.${n > 1 ? ' The last column is the sum of the independent accounts, from the first symbol\'s first bar to the last one\'s last, with every symbol\'s round trips.' : ''}</p>${metricsTable(metrics, fallbacks, n > 1 ? sumOfAccountsMetrics(track) : null)}
<h2>Underwater</h2>${div('chart-underwater-total')}${symbols.map((_, i) => div(`chart-underwater-${i}`)).join('')}
<h2>Worst drawdowns</h2>${drawdownTable(track, total)}
<h2>Monthly and yearly returns (%)</h2>${monthlyTables(track)}
<h2>Per symbol</h2><p>${escapeHtml(thinned)} ${trips.length} kill-switch trip(s), ${Object.values(fallbacks).reduce((a, b) => a + b, 0)} feed fallback(s).</p>
${trips.length ? `<details><summary>Kill-switch trips</summary><ul id="trips-list">${trips.map((t) => `<li>tick ${t.tick} (${t.time.slice(0, 10)}): ${escapeHtml(t.s)} ${escapeHtml(t.kind)}</li>`).join('')}</ul></details>` : ''}
${symbols.map((s, i) => `<h3>${escapeHtml(s)}</h3>${div(`chart-symbol-${i}`)}${div(`chart-price-${i}`)}<p class="note" id="marks-${i}">${escapeHtml(marksNote(s, metrics[s]!, data.marks[s]!))}</p>`).join('')}
<h2>Trades</h2>${tradeTables(track)}
<h2>Config</h2><pre id="config">${escapeHtml(JSON.stringify(track.config, null, 2))}</pre>
<script id="report-data" type="application/json">${scriptJson(data)}</script>
<script>${assets.js.replace(/<\/script/gi, '<\\/script')}</script>
<script>${CLIENT_SCRIPT}</script>
</body></html>
`;
}
