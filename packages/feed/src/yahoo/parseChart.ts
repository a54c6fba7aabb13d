import type { RawRow } from '../bars/sanitize.js';
import { failure, retryableStatus, type Failure } from './failure.js';

export interface ChartRows {
  readonly ok: true;
  readonly rows: RawRow[];
}

type Json = Record<string, unknown> | null | undefined;
const obj = (x: unknown): Json => (typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : undefined);
const snippet = (text: string): string => JSON.stringify(text.slice(0, 40).replace(/\s+/g, ' '));

/**
 * Reads a `v8/finance/chart` body into raw rows, or says what was wrong: Yahoo's own error
 * (`chart.error.code: description`), an HTTP status, or a body that is not a chart.
 * An HTTP 200 with no `timestamp` (a weekend, a delisted symbol) is zero rows, not an error.
 *
 * @example const r = parseChart(200, body, 'SPY'); if (r.ok) console.log(r.rows.length);
 */
export function parseChart(status: number, text: string, symbol: string): ChartRows | Failure {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    if (status < 200 || status > 299) return failure('http-status', `HTTP ${status} with a non-JSON body starting ${snippet(text)}`, retryableStatus(status));
    return failure('malformed', `HTTP ${status} body is not JSON (${(e as Error).message}); it starts ${snippet(text)}`, true);
  }
  const chart = obj(obj(json)?.['chart']);
  const error = obj(chart?.['error']);
  if (error) {
    const code = String(error['code'] ?? 'error');
    const description = String(error['description'] ?? '');
    return failure('source-error', `Yahoo says for ${symbol}: ${code}: ${description} (HTTP ${status})`, retryableStatus(status));
  }
  if (status < 200 || status > 299) return failure('http-status', `HTTP ${status}`, retryableStatus(status));
  const result = Array.isArray(chart?.['result']) ? obj((chart['result'] as unknown[])[0]) : undefined;
  if (!result) return failure('malformed', 'the body has no chart.result[0]', true);
  const timestamps = result['timestamp'];
  if (timestamps === undefined) return { ok: true, rows: [] };
  if (!Array.isArray(timestamps)) return failure('malformed', 'chart.result[0].timestamp is not an array', true);
  const indicators = obj(result['indicators']);
  const quote = Array.isArray(indicators?.['quote']) ? obj((indicators['quote'] as unknown[])[0]) : undefined;
  const series = (key: string): unknown[] | undefined => (Array.isArray(quote?.[key]) ? (quote[key] as unknown[]) : undefined);
  const [open, high, low, close, volume] = ['open', 'high', 'low', 'close', 'volume'].map(series);
  if (!open || !high || !low || !close || !volume) {
    return failure('malformed', `chart.result[0].indicators.quote[0] lacks ${['open', 'high', 'low', 'close', 'volume'].filter((k) => !series(k)).join(', ')} for ${timestamps.length} timestamps`, true);
  }
  const rows = timestamps.map((t, i): RawRow => ({
    timeMs: typeof t === 'number' ? t * 1000 : NaN,
    open: open[i],
    high: high[i],
    low: low[i],
    close: close[i],
    volume: volume[i],
  }));
  return { ok: true, rows };
}
