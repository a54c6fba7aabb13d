import { resolve } from 'node:path';
import { nodeFileLayer, readRun } from '@tickfold/event-store';
import { TickfoldError } from '@tickfold/core';
import { trackRecords } from '../metrics/index.js';
import { equityCsv, tradesCsv } from '../export/csv.js';
import { note, printJson, type Io } from '../io.js';
import { existingRunDir } from '../runDir.js';
import { EXIT } from '../exitCodes.js';

export interface ExportFlags {
  readonly trades?: boolean;
  readonly equity?: boolean;
  readonly out?: string;
  readonly json?: boolean;
}

/**
 * `tickfold export RUN --trades|--equity [--out FILE.csv]`: round trips or per-tick equity as CSV,
 * on stdout or written atomically to FILE (for pandas or a spreadsheet).
 */
export async function exportCommand(run: string, flags: ExportFlags, io: Io): Promise<number> {
  if (flags.trades === flags.equity || (flags.trades !== true && flags.equity !== true)) {
    throw new TickfoldError('E_FLAG_INVALID', `export needs exactly one of --trades or --equity (e.g. tickfold export ${run} --trades --out trades.csv)`, { flag: '--trades' });
  }
  if (flags.json && flags.out === undefined) {
    throw new TickfoldError('E_FLAG_INVALID', `export --json prints where the CSV went, so it needs --out FILE.csv (without --out the CSV itself goes to stdout)`, { flag: '--json' });
  }
  const dir = existingRunDir(io.cwd, run);
  const track = trackRecords(readRun(dir)).track;
  if (!track) throw new TickfoldError('E_REPORT_EMPTY', `run ${dir} has no events; nothing to export (was it started with tickfold run?)`, { dir });
  const kind = flags.trades ? 'trades' : 'equity';
  const csv = kind === 'trades' ? tradesCsv(track) : equityCsv(track);
  const rows = csv.split('\n').length - 2;
  if (flags.out === undefined) {
    io.stdout.write(csv);
    return EXIT.ok;
  }
  const out = resolve(io.cwd, flags.out);
  nodeFileLayer.writeFileAtomic(out, csv);
  if (flags.json) printJson(io, { run: dir, kind, out, rows });
  else note(io, `${kind} written: ${out} (${rows} rows)`);
  return EXIT.ok;
}
