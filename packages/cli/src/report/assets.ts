import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { TickfoldError } from '@tickfold/core';

/** uPlot's script and stylesheet, read from the installed package so the report can inline them. */
export function uplotAssets(): { js: string; css: string } {
  try {
    const dist = dirname(createRequire(import.meta.url).resolve('uplot'));
    return { js: readFileSync(join(dist, 'uPlot.iife.min.js'), 'utf8'), css: readFileSync(join(dist, 'uPlot.min.css'), 'utf8') };
  } catch (e) {
    throw new TickfoldError('E_REPORT_ASSETS', `cannot read the uPlot charting library (${(e as Error).message}); reinstall the CLI's dependencies (pnpm install)`);
  }
}
