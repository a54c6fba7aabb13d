import { roundTrips, spanIndexes, type RecordedFill, type RunTrack } from '../metrics/index.js';
import { money, percent, units } from '../output/format.js';
import { escapeHtml, signed, stamp } from './cells.js';

/** Most rows of the round-trip and fill tables; `tickfold export` gives them all. */
export const MAX_TABLE_ROWS = 1000;

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
