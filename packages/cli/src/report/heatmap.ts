import { periodReturns, spanIndexes, symbolCurves, type RunTrack } from '../metrics/index.js';
import { escapeHtml } from './cells.js';

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
