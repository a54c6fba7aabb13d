import { cpSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { launchChromium, openReport } from '../test-support/browser.js';
import { json, tempDir, tickfold } from '../test-support/cli.js';
import type { RunSummary } from '../output/summary.js';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-fixtures/ohlcv');
const cwd = tempDir('tickfold-report-');
cpSync(join(fixtures, 'orcl-2003-2005.csv'), join(cwd, 'orcl.csv'));
let browser: BrowserContext | undefined;
afterAll(async () => browser?.close());

describe('tickfold report (spawned) opened in headless chromium', () => {
  it('writes one self-contained file whose charts and stats match the run', async () => {
    const [run, opened] = await Promise.all([
      tickfold(['run', '--csv', 'orcl.csv', '--strategy', 'sma-cross', '--fill', 'next-open', '--sizing', 'whole', '--max-drawdown', '30%', '--out', 'runs/r', '--json'], cwd),
      launchChromium(),
    ]);
    browser = opened;
    const summary = json<RunSummary>(run);
    const report = await tickfold(['report', 'runs/r', '--out', 'r.html', '--json'], cwd);
    expect(report.code).toBe(0);
    const html = readFileSync(join(cwd, 'r.html'), 'utf8');
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=/);

    const { page, problems, requests, charts } = await openReport(browser, join(cwd, 'r.html'));
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    expect(charts.map((c) => [c.id, c.points])).toEqual(['chart-equity', 'chart-underwater-0', 'chart-symbol-0', 'chart-price-0'].map((id) => [id, summary.ticks]));
    const stat = (name: string) => page.getAttribute(`#metrics td[data-symbol="ORCL"][data-stat="${name}"]`, 'data-value').then(Number);
    const orcl = summary.symbols['ORCL']!;
    expect(await stat('fills')).toBe(orcl.fills);
    expect(await stat('trades')).toBe(orcl.roundTrips);
    expect(await stat('fees')).toBe(orcl.fees);
    expect(await stat('maxDrawdown')).toBe(orcl.metrics.maxDrawdown);
    expect(await stat('cagr')).toBe(orcl.metrics.cagr);
    expect(await stat('finalEquity')).toBe(orcl.equity);
    expect(await stat('totalPnl')).toBe(orcl.totalPnl);
    expect(await page.textContent('#head')).toBe(summary.head);
    // One metrics implementation: report --json gives exactly the figures run --json gave.
    expect(json<{ symbols: Record<string, unknown> }>(report).symbols['ORCL']).toEqual(orcl.metrics);
  });
});
