import { stringify } from 'csv-stringify/sync';
import { roundTrips, spanIndexes, symbolCurves, type RunTrack } from '../metrics/index.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** Header of `export --trades`: one row per round trip, the open one last with empty exit fields. */
export const TRADE_COLUMNS = [
  'symbol', 'side', 'entry_time', 'entry_tick', 'entry_price', 'exit_time', 'exit_tick', 'exit_price', 'max_qty',
  'holding_days', 'pnl', 'return', 'fees', 'fills', 'entry_cause', 'exit_cause', 'open',
] as const;

/** Header of `export --equity`: one row per tick and symbol. */
export const EQUITY_COLUMNS = ['time', 'tick', 'symbol', 'equity', 'position', 'close', 'drawdown', 'buy_and_hold', 'in_span'] as const;

/**
 * Every symbol's round trips as CSV (symbols sorted, trips in entry order). An open trip is
 * marked at the symbol's last close.
 *
 * @example writeFileSync('trades.csv', tradesCsv(trackRecords(readRun('runs/a')).track!))
 */
export function tradesCsv(track: RunTrack): string {
  const rows: unknown[][] = [];
  for (const [symbol, s] of Object.entries(track.symbols)) {
    const range = spanIndexes(s, track.ticks);
    const price = range ? s.price[range.last] : null;
    const mark = range && price != null ? { price, time: iso(track.timesMs[range.last]!) } : null;
    for (const t of roundTrips(s.fills, mark)) {
      rows.push([symbol, t.side, t.entryTime, t.entryTick, t.entryPrice, t.exitTime, t.exitTick, t.exitPrice, t.maxQty, t.holdingDays, t.pnl, t.return, t.fees, t.fills, t.entryCause, t.exitCause, t.open]);
    }
  }
  return stringify(rows, { header: true, columns: [...TRADE_COLUMNS], cast: { boolean: (b) => String(b) } });
}

/**
 * Per-tick equity of every symbol as CSV (long format: tick, then symbol), with its drawdown and
 * buy-and-hold benchmark over the symbol's own span (`in_span` false, drawdown and benchmark empty, outside).
 *
 * @example equityCsv(track).split('\n')[0] // 'time,tick,symbol,equity,…'
 */
export function equityCsv(track: RunTrack): string {
  const symbols = Object.entries(track.symbols).map(([symbol, s]) => ({ symbol, s, curves: symbolCurves(track, symbol) }));
  const rows: unknown[][] = [];
  track.ticks.forEach((tick, i) => {
    const time = iso(track.timesMs[i]!);
    for (const { symbol, s, curves } of symbols) {
      const inSpan = curves.drawdown[i] !== null;
      rows.push([time, tick, symbol, s.equity[i], s.position[i], s.price[i], curves.drawdown[i], curves.benchmark[i], inSpan]);
    }
  });
  return stringify(rows, { header: true, columns: [...EQUITY_COLUMNS], cast: { boolean: (b) => String(b) } });
}
