import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Debian's chromium, headless, with a fresh profile and no background network. Fails loudly
 * (never skips) when chromium is missing, saying how to install it.
 */
export async function launchChromium(): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`chromium is not installed at ${CHROMIUM_PATH}; the report test needs a real browser. Install it with: apt-get update && apt-get install -y chromium`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'tickfold-chromium-'));
  // A persistent context is how playwright takes --user-data-dir: a fresh profile per launch.
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface RenderedReport {
  readonly page: Page;
  /** Console errors and uncaught page errors. */
  readonly problems: string[];
  /** Every request the page made that was not to its own file (there must be none). */
  readonly requests: string[];
  readonly charts: { id: string; points: number; series: number }[];
}

/** Opens a report file, waits until its charts have rendered, and returns what it saw. */
export async function openReport(browser: BrowserContext, file: string): Promise<RenderedReport> {
  const page = await browser.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('request', (r) => !r.url().startsWith('file:') && requests.push(r.url()));
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-rendered]');
  const charts = await page.evaluate(() => (globalThis as unknown as { __tickfold: { charts: { id: string; points: number; series: number }[] } }).__tickfold.charts);
  return { page, problems, requests, charts };
}
