import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseChart } from './parseChart.js';
import { sanitizeRows } from '../bars/sanitize.js';
import { fixture } from '../test-support/chartServer.js';
import { INTERVAL_MS } from './options.js';

/** Parse and sanitize a recorded body as the feed would at `now`. */
const bars = (name: string, now: string, interval: keyof typeof INTERVAL_MS = '1d') => {
  const r = parseChart(200, fixture(name), 'X');
  if (!r.ok) throw new Error(r.message);
  return { rows: r.rows.length, ...sanitizeRows(r.rows, { nowMs: Date.parse(now), intervalMs: INTERVAL_MS[interval] }) };
};

describe('recorded Yahoo chart responses', () => {
  it('aapl 1m: 391 rows, the all-null minute and the bar stamped after the range are dropped', () => {
    const r = bars('aapl_1m_2024-10-02.json', '2024-10-02T20:00:00.000Z', '1m');
    expect(r.rows).toBe(391);
    expect(r.bars).toHaveLength(389);
    expect(r.drops).toMatchObject({ nonFinite: 1, future: 1 });
    expect(r.bars.some((b) => b.time === '2024-10-02T15:15:00.000Z')).toBe(false);
    expect(r.bars.at(-1)!.time).toBe('2024-10-02T19:59:00.000Z');
  });

  it('aapl 1m: the minute still forming at the tick is dropped unless asked for', () => {
    const now = Date.parse('2024-10-02T19:59:30.000Z');
    const r = parseChart(200, fixture('aapl_1m_2024-10-02.json'), 'AAPL');
    if (!r.ok) throw new Error(r.message);
    expect(sanitizeRows(r.rows, { nowMs: now, intervalMs: 60_000 }).bars.at(-1)!.time).toBe('2024-10-02T19:58:00.000Z');
    expect(sanitizeRows(r.rows, { nowMs: now, intervalMs: 60_000, includePartial: true }).bars.at(-1)!.time).toBe('2024-10-02T19:59:00.000Z');
  });

  it('btc-usd 1d: 370 rows, the 4 all-null days are dropped', () => {
    const r = bars('btc-usd_1d_2020-01-01_2021-01-04.json', '2021-01-05T00:00:00.000Z');
    expect([r.rows, r.bars.length, r.drops.nonFinite]).toEqual([370, 366, 4]);
    expect(r.bars.map((b) => b.time)).not.toContain('2020-04-17T00:00:00.000Z');
  });

  it('wsu-de and the fund: the all-null middle or last row is dropped', () => {
    expect(bars('wsu-de_1d_2023-08-04_2023-08-09_null-row.json', '2023-08-10T00:00:00.000Z').bars.map((b) => b.time))
      .toEqual(['2023-08-04T07:00:00.000Z', '2023-08-08T07:00:00.000Z']);
    const fund = bars('0p0000xts7_1d_2024-09-12_2024-09-16_null-row.json', '2024-09-17T00:00:00.000Z');
    expect(fund.bars).toHaveLength(1);
    expect(fund.bars[0]).toMatchObject({ volume: 0 });
    expect(fund.bars[0]!.open).toBe(fund.bars[0]!.close);
  });

  it('tsla 30m with pre/post: all 30 bars kept, the 17 zero-volume ones too', () => {
    const r = bars('tsla_30m_2021-11-22_prepost.json', '2021-11-23T01:00:00.000Z', '30m');
    expect(r.bars).toHaveLength(30);
    expect(r.bars.filter((b) => b.volume === 0)).toHaveLength(17);
  });

  it('daily equities and LSE pence parse to their bar counts', () => {
    expect(bars('msft_1d_2021-02-01_2022-01-31.json', '2022-02-01T00:00:00.000Z').bars).toHaveLength(252);
    expect(bars('nvda_1d_2021-02-01_2022-01-31.json', '2022-02-01T00:00:00.000Z').bars).toHaveLength(252);
    expect(bars('aapl_1d_2020-08-31_2020-11-07.json', '2020-11-08T00:00:00.000Z').bars).toHaveLength(49);
    const ocdo = bars('ocdo-l_1d_2020-01-01_2021-01-04.json', '2021-01-04T00:00:00.000Z');
    expect(ocdo.bars).toHaveLength(254);
    expect(ocdo.bars[0]!.close).toBeGreaterThan(1000); // GBp: pence, as Yahoo gives them
  });

  it('a weekend and a delisted stock: HTTP 200 without timestamps is zero rows, not an error', () => {
    expect(parseChart(200, fixture('aapl_1m_2025-02-01_empty-weekend.json'), 'AAPL')).toEqual({ ok: true, rows: [] });
    expect(parseChart(200, fixture('aps-ax_1d_2020-01-01_empty.json'), 'APS.AX')).toEqual({ ok: true, rows: [] });
  });

  it("404 delisted and 400 no-data: Yahoo's error code and description become the message", () => {
    expect(parseChart(404, fixture('si_1d_2020-01-01_error-404-delisted.json'), 'SI')).toEqual({
      ok: false, reason: 'source-error', retry: false,
      message: 'Yahoo says for SI: Not Found: No data found, symbol may be delisted (HTTP 404)',
    });
    expect(parseChart(400, fixture('beke_1d_2020-01-01_error-400-no-data.json'), 'BEKE')).toMatchObject({
      reason: 'source-error', message: "Yahoo says for BEKE: Bad Request: Data doesn't exist for startDate = 1577836800, endDate = 1578009600 (HTTP 400)",
    });
  });
});

describe('broken chart bodies', () => {
  it('a 200 with HTML is malformed and worth a retry', () => {
    expect(parseChart(200, '<!DOCTYPE html><html>consent</html>', 'SPY')).toMatchObject({ ok: false, reason: 'malformed', retry: true, message: expect.stringContaining('starts "<!DOCTYPE html><html>consent</html>"') });
  });

  it('truncated JSON is malformed', () => {
    const body = fixture('wsu-de_1d_2023-08-04_2023-08-09_null-row.json');
    expect(parseChart(200, body.slice(0, body.length / 2), 'WSU.DE')).toMatchObject({ reason: 'malformed', message: expect.stringMatching(/^HTTP 200 body is not JSON/) });
  });

  it('429 and 5xx are http-status and retried; other 4xx are not', () => {
    expect(parseChart(429, 'Too Many Requests', 'SPY')).toMatchObject({ reason: 'http-status', retry: true, message: 'HTTP 429 with a non-JSON body starting "Too Many Requests"' });
    expect(parseChart(503, '{}', 'SPY')).toMatchObject({ reason: 'http-status', retry: true, message: 'HTTP 503' });
    expect(parseChart(403, '{}', 'SPY')).toMatchObject({ reason: 'http-status', retry: false });
  });

  it('a chart without result, or a quote without its series, is malformed', () => {
    expect(parseChart(200, '{"chart":{"result":[],"error":null}}', 'SPY')).toMatchObject({ reason: 'malformed', message: 'the body has no chart.result[0]' });
    expect(parseChart(200, '{"chart":{"result":[{"timestamp":[1,2],"indicators":{"quote":[{"open":[1,2]}]}}],"error":null}}', 'SPY'))
      .toMatchObject({ reason: 'malformed', message: 'chart.result[0].indicators.quote[0] lacks high, low, close, volume for 2 timestamps' });
  });
});

describe('any chart body', () => {
  it('never throws: rows from a chart-shaped body, a reasoned failure from anything else', () => {
    const series = fc.array(fc.oneof(fc.double(), fc.constant(null), fc.string()), { maxLength: 6 });
    const chartish = fc.record({
      chart: fc.record({
        result: fc.oneof(fc.constant(null), fc.array(fc.record({ timestamp: fc.oneof(fc.array(fc.oneof(fc.integer(), fc.string())), fc.constant('x')), indicators: fc.record({ quote: fc.array(fc.record({ open: series, high: series, low: series, close: series, volume: series }, { requiredKeys: [] })) }) }, { requiredKeys: [] }))),
        error: fc.oneof(fc.constant(null), fc.record({ code: fc.string(), description: fc.string() })),
      }, { requiredKeys: [] }),
    });
    fc.assert(
      fc.property(fc.oneof(fc.json(), chartish.map((x) => JSON.stringify(x)), fc.string()), fc.constantFrom(200, 404, 429, 503), (body, status) => {
        const r = parseChart(status, body, 'X');
        if (r.ok) expect(Array.isArray(r.rows)).toBe(true);
        else expect(['malformed', 'http-status', 'source-error']).toContain(r.reason);
        if (r.ok) expect(() => sanitizeRows(r.rows, { nowMs: 2e12, intervalMs: 60_000 })).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
});
