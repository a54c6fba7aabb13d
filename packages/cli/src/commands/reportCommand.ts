import { resolve, join } from 'node:path';
import { nodeFileLayer, readRun } from '@tickfold/event-store';
import { assertNoSymlinkOnPath } from '@tickfold/event-store/internal';
import { uplotAssets } from '../report/assets.js';
import { collect } from '../report/collect.js';
import { renderReport } from '../report/html.js';
import { runMetrics } from '../metrics/index.js';
import { printJson, printLine, type Io } from '../io.js';
import { existingRunDir } from '../runDir.js';
import { checkOutPath } from '../io/outPath.js';
import { EXIT } from '../exitCodes.js';

/** `tickfold report RUN [--out FILE.html]`: one self-contained HTML file that opens without a network. */
export async function reportCommand(run: string, flags: { out?: string; json?: boolean }, io: Io): Promise<number> {
  const dir = existingRunDir(io.cwd, run);
  const assets = uplotAssets();
  const collected = await collect(readRun(dir));
  const stats = runMetrics(collected.track).symbols;
  const out = flags.out === undefined ? join(dir, 'report.html') : resolve(io.cwd, flags.out);
  if (flags.out !== undefined) checkOutPath('--out', out, 'file');
  assertNoSymlinkOnPath(dir, out);
  nodeFileLayer.writeFileAtomic(out, renderReport(collected, stats, assets, `tickfold report: ${run}`));
  if (flags.json) printJson(io, { run: dir, head: collected.head, out, ticks: collected.track.ticks.length, symbols: stats });
  else printLine(io, `report written: ${out}`);
  return EXIT.ok;
}
