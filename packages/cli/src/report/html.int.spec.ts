import { copyFileSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import type { EventRecord } from '@tickfold/core';
import { launchChromium, openReport } from '../test-support/browser.js';
import { memoryRun } from '../test-support/memoryRun.js';
import { csvRun } from '../test-support/csvRun.js';
import { runMetrics } from '../metrics/index.js';
import { uplotAssets } from './assets.js';
import { collect } from './collect.js';
import { renderReport } from './html.js';
import { MAX_MARKS } from './thin.js';

/** Where the screenshots of the tearsheet go, for a person to look at. */
export const SCREENSHOTS = join(tmpdir(), 'tickfold-report-screenshots');

let browser: BrowserContext;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function reportOf(records: EventRecord[]) {
  const c = await collect(records);
  const metrics = runMetrics(c.track);
  const file = join(mkdtempSync(join(tmpdir(), 'tickfold-report-')), 'report.html');
  writeFileSync(file, renderReport(c, metrics.symbols, uplotAssets()));
  return { file, metrics, track: c.track };
}

const smaRun = (symbols: string[], ticks: number, seed = 11, extra: Record<string, unknown> = {}) =>
  memoryRun({ symbols, data: { minBars: 15 }, strategies: [{ name: 'sma-cross', params: { fast: 3, slow: 10 } }], risk: { maxDrawdown: 0.06 }, ...extra }, ticks, seed);

describe('HTML tearsheet in headless chromium', () => {
  it('draws every chart with one point per tick on a short run, offline and without console errors', async () => {
    const { records, result } = await smaRun(['AAA', 'BBB'], 120);
    const { file } = await reportOf(records);
    const { page, problems, requests, charts } = await openReport(browser, file);
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    expect(charts.map((c) => c.id)).toEqual([
      'chart-equity', 'chart-accounts', 'chart-underwater-total', 'chart-underwater-0', 'chart-underwater-1',
      'chart-symbol-0', 'chart-price-0', 'chart-symbol-1', 'chart-price-1',
    ]);
    for (const c of charts) expect(c.points).toBe(result.ticks);
    expect(await page.$$eval('canvas', (els) => els.filter((e) => (e as unknown as { width: number }).width > 0).length)).toBe(charts.length);
    await page.close();
  });

  it('shows the metrics module\'s figures, every round trip beside every fill, and says the total is a sum of accounts', async () => {
    const { records, result } = await smaRun(['AAA', 'BBB'], 160);
    const { file, metrics, track } = await reportOf(records);
    const { page } = await openReport(browser, file);
    const cells = await page.$$eval('#metrics td[data-stat]', (tds) => tds.map((td) => [td.getAttribute('data-symbol'), td.getAttribute('data-stat'), td.getAttribute('data-value')] as const));
    for (const [symbol, m] of Object.entries(metrics.symbols)) {
      for (const key of ['totalReturn', 'cagr', 'sharpe', 'sortino', 'calmar', 'maxDrawdown', 'exposure', 'trades', 'winRate', 'profitFactor', 'turnoverPerYear', 'fees'] as const) {
        const cell = cells.find(([s, k]) => s === symbol && k === key)!;
        expect(cell[2]).toBe(m[key] === null ? '' : String(m[key]));
      }
    }
    const trades = Object.values(metrics.symbols).reduce((n, m) => n + m.trades, 0);
    const open = Object.values(result.state.symbols).filter((s) => s.portfolio.position !== 0).length;
    expect(trades).toBeGreaterThan(0);
    expect(await page.$$eval('#trips tr', (rows) => rows.length - 1)).toBe(trades + open);
    expect(await page.$$eval('#fills tr', (rows) => rows.length - 1)).toBe(Object.values(track.symbols).reduce((n, s) => n + s.fills.length, 0));
    expect(await page.textContent('#accounts')).toMatch(/independent account .* not a portfolio/);
    const sumTrades = cells.find(([s, k]) => s === 'sum of accounts' && k === 'trades')!;
    expect(Number(sumTrades[2])).toBe(trades);
    expect(await page.textContent('#head')).toBe(result.head);
    // The 6 % drawdown switch halts both symbols of this run: the page says which, when and why.
    expect(Object.values(metrics.symbols).every((m) => m.haltedBy?.kind === 'max-drawdown')).toBe(true);
    expect(await page.textContent('#halts')).toMatch(/AAA halted by max-drawdown at tick \d+ \(\d{4}-\d\d-\d\d\): drawdown \d+\.\d\d% reached the 6\.00% limit/);
    await page.close();
  });

  it('switches the equity charts to a log scale and back', async () => {
    const { records } = await smaRun(['AAA'], 80);
    const { file } = await reportOf(records);
    const { page, problems } = await openReport(browser, file);
    const logOf = () => page.evaluate(() => (globalThis as unknown as { __tickfold: { charts: { id: string; log: boolean }[] } }).__tickfold.charts.find((c) => c.id === 'chart-equity')!.log);
    await page.check('#chart-equity-log');
    expect(await logOf()).toBe(true);
    await page.uncheck('#chart-equity-log');
    expect(await logOf()).toBe(false);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('gives every y axis room for its widest tick label, so the axis title never overlaps it', async () => {
    const { records } = await smaRun(['AAA', 'BBB'], 90);
    const { file } = await reportOf(records);
    const { page } = await openReport(browser, file);
    const axes = await page.evaluate(() => (globalThis as unknown as { __tickfold: { charts: { yAxisSize: number; widestTick: number; tickSize: number }[] } }).__tickfold.charts);
    for (const a of axes) {
      expect(a.widestTick).toBeGreaterThan(0);
      expect(a.yAxisSize).toBeGreaterThanOrEqual(a.widestTick + a.tickSize);
    }
    await page.close();
  });

  it('keeps a 20,000-tick, 5-symbol run under 2 MB with at most 2,000 points a chart and its deepest drawdown intact', async () => {
    const { records } = await memoryRun({ symbols: ['AAA', 'BBB', 'CCC', 'DDD', 'EEE'], data: { minBars: 5 }, strategies: [{ name: 'sma-cross', params: { fast: 2, slow: 5 } }], risk: { maxDrawdown: null, dailyLoss: null } }, 20_000, 5);
    const { file, metrics, track } = await reportOf(records);
    const fills = Object.values(track.symbols).reduce((n, s) => n + s.fills.length, 0);
    expect(fills).toBeGreaterThan(10_000);
    expect(statSync(file).size).toBeLessThan(2 * 1024 * 1024);
    const { page, problems, requests, charts } = await openReport(browser, file);
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    for (const c of charts) expect(c.points).toBeLessThanOrEqual(2000);
    const data = JSON.parse((await page.locator('#report-data').textContent())!) as { charts: { id: string; series: { label: string; values: (number | null)[] }[] }[] };
    const drawn = (id: string, label: string) => data.charts.find((c) => c.id === id)!.series.find((x) => x.label === label)!.values.filter((v): v is number => v !== null);
    expect(Math.min(...drawn('chart-underwater-0', 'AAA'))).toBeCloseTo(-100 * metrics.symbols['AAA']!.maxDrawdown, 4);
    // Thousands of round trips: the marks are grouped so that the close stays visible.
    for (let i = 0; i < 5; i++) {
      for (const label of ['long entry', 'exit']) expect(drawn(`chart-price-${i}`, label).length).toBeLessThanOrEqual(MAX_MARKS);
    }
    expect(await page.textContent('#marks-0')).toMatch(/Too many to mark one by one: each run of \d+ ticks/);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'report-20000-ticks-5-symbols.png'), fullPage: true });
    copyFileSync(file, join(SCREENSHOTS, 'report-20000-ticks-5-symbols.html'));
    await page.close();
  }, 120_000);

  it('renders the three real CSVs of different spans, each traded over its whole span with the feed-failure switch on, and saves a screenshot to look at', async () => {
    const { records } = await csvRun({ ORCL: 'orcl-1995-2014.csv', NVDA: 'nvda-1999-2014.csv', YHOO: 'yhoo-1996-2015.csv' }, {
      strategies: [{ name: 'sma-cross', weight: 1, params: { fast: 10, slow: 30 } }], data: { minBars: 30 }, risk: { maxConsecutiveFallbacks: 5, maxDrawdown: null },
    });
    const { file, metrics, track } = await reportOf(records);
    const spans = { ORCL: ['1995-01-03', '2014-12-31'], NVDA: ['1999-01-22', '2014-12-31'], YHOO: ['1996-04-12', '2015-12-31'] } as const;
    for (const [symbol, [from, to]] of Object.entries(spans)) {
      const m = metrics.symbols[symbol]!;
      expect([m.span!.from.slice(0, 10), m.span!.to.slice(0, 10)]).toEqual([from, to]);
      expect(m.trades).toBeGreaterThan(20);
      expect(track.symbols[symbol]!.trips.filter((t) => t.kind === 'feed-failure')).toEqual([]);
    }
    const { page, problems, requests } = await openReport(browser, file);
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: join(SCREENSHOTS, 'report-orcl-nvda-yhoo.png'), fullPage: true });
    copyFileSync(file, join(SCREENSHOTS, 'report-orcl-nvda-yhoo.html'));
    expect(statSync(join(SCREENSHOTS, 'report-orcl-nvda-yhoo.png')).size).toBeGreaterThan(50_000);
    await page.close();
  }, 60_000);
});
