import { spanIndexes, worstDrawdowns, type RunTrack } from '../metrics/index.js';
import { percent } from '../output/format.js';
import { day, escapeHtml } from './cells.js';

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
