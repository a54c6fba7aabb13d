import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { launchChromium, openReport } from '../test-support/browser.js';
import { memoryRun } from '../test-support/memoryRun.js';
import { summarize } from '../output/summary.js';
import { uplotAssets } from './assets.js';
import { collect } from './collect.js';
import { renderReport } from './html.js';
import { runMetrics, trackRecords } from '../metrics/index.js';

let browser: BrowserContext;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function reportOf(ticks: number) {
  const config = { symbols: ['AAA', 'BBB'], data: { minBars: 15 }, strategies: [{ name: 'sma-cross', params: { fast: 3, slow: 10 } }], risk: { maxDrawdown: 0.06 } };
  const { records, result } = await memoryRun(config, ticks, 11);
  const c = await collect(records);
  const metrics = runMetrics(trackRecords(records).track!);
  const stats = metrics.symbols;
  const file = join(mkdtempSync(join(tmpdir(), 'tickfold-report-')), 'report.html');
  writeFileSync(file, renderReport(c, stats, uplotAssets()));
  return { file, summary: summarize('mem', result.state, result.head, metrics), result };
}

describe('HTML report in headless chromium', () => {
  it('renders every chart with one point per tick, offline and without console errors', async () => {
    const { file, result } = await reportOf(120);
    const { page, problems, requests, charts } = await openReport(browser, file);
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    expect(charts.map((c) => c.id)).toEqual(['chart-equity', 'chart-drawdown', 'chart-price-0', 'chart-price-1']);
    for (const c of charts) expect(c.points).toBe(result.ticks);
    expect(charts[0]!.series).toBe(3);
    const canvases = await page.$$eval('canvas', (els) => els.map((e) => (e as unknown as { width: number }).width));
    expect(canvases).toHaveLength(4);
    expect(canvases.every((w) => w > 0)).toBe(true);
    await page.close();
  });

  it('shows the same fills, round trips, fees, drawdown, equity and head as the run summary', async () => {
    const { file, summary } = await reportOf(120);
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-rendered]');
    const cells = await page.$$eval('#stats td', (tds) => tds.map((td) => [td.getAttribute('data-symbol'), td.getAttribute('data-stat'), td.getAttribute('data-value')] as const));
    const value = (symbol: string, stat: string) => Number(cells.find(([s, k]) => s === symbol && k === stat)![2]);
    for (const [symbol, s] of Object.entries(summary.symbols)) {
      expect(value(symbol, 'fills')).toBe(s.fills);
      expect(value(symbol, 'trades')).toBe(s.roundTrips);
      expect(value(symbol, 'fees')).toBeCloseTo(s.fees, 9);
      expect(value(symbol, 'maxDrawdown')).toBe(s.metrics.maxDrawdown);
      expect(value(symbol, 'finalEquity')).toBe(s.equity);
    }
    expect(summary.symbols['AAA']!.fills).toBeGreaterThan(0);
    expect(await page.textContent('#head')).toBe(summary.head);
    expect(await page.$$eval('#trades tr', (rows) => rows.length - 1)).toBe(Object.values(summary.symbols).reduce((n, s) => n + s.fills, 0));
    await page.close();
  });
});
