import { isTickfoldError, TickfoldError } from '@tickfold/core';
import { decideContext, strategyRecords } from '@tickfold/core/internal';
import { parseInteger, parseList } from '../args/values.js';
import { planRun, type RunCommandFlags } from '../commands/runSetup.js';
import type { Io } from '../io.js';
import { cartesian, type Axis } from './grid.js';
import { runId } from './runId.js';

/** What a sweep was asked for: kept in sweep.json so `--resume DIR` plans the same runs. */
export interface SweepDefinition {
  /** The `tickfold run` flags every combination shares (symbols/CSV files and seeds split below). */
  readonly flags: RunCommandFlags;
  readonly grid: readonly Axis[];
  /** --seeds, as given; absent: the flags' --seed (or the default). */
  readonly seeds?: string;
  /** The directory the paths in `flags` were given in. */
  readonly cwd: string;
}

export interface Combination {
  readonly id: string;
  /** Exactly what `tickfold run` would be given for this combination (plus --fsync close unless set). */
  readonly flags: RunCommandFlags;
  readonly params: Record<string, Record<string, number>>;
  readonly symbol: string;
  readonly seed: number;
}

export interface Skipped {
  readonly params: string;
  readonly symbol: string;
  readonly seed: string;
  readonly reason: string;
}

/** One symbol per run: each --csv file (with its --symbols name) or each --symbols entry. */
function units(flags: RunCommandFlags): Pick<RunCommandFlags, 'csv' | 'symbols'>[] {
  const symbols = flags.symbols === undefined ? undefined : parseList('--symbols', flags.symbols);
  if (flags.csv !== undefined) {
    const files = parseList('--csv', flags.csv);
    if (symbols && symbols.length !== files.length) {
      throw new TickfoldError('E_FLAG_INVALID', `--symbols names ${symbols.length} symbol(s) but --csv gives ${files.length} file(s); give one symbol per file, in the same order`, { flag: '--symbols' });
    }
    return files.map((csv, i) => ({ csv, ...(symbols ? { symbols: symbols[i]! } : {}) }));
  }
  return symbols ? symbols.map((s) => ({ symbols: s })) : [{}];
}

function seedsOf(def: SweepDefinition): (string | undefined)[] {
  if (def.seeds === undefined) return [def.flags.seed];
  const seeds = parseList('--seeds', def.seeds).map((s) => String(parseInteger('--seeds', s)));
  if (new Set(seeds).size !== seeds.length) throw new TickfoldError('E_FLAG_INVALID', `--seeds ${def.seeds} lists a seed twice`, { flag: '--seeds' });
  return seeds;
}

/** A strategy's check() refusing a combination (fast >= slow) skips it; any other problem is the user's to fix. */
const isRejectedByCheck = (e: unknown): e is TickfoldError =>
  isTickfoldError(e) && e.code === 'E_CONFIG_INVALID' && ((e.details['pointers'] as string[] | undefined) ?? []).some((p) => /^\/strategies\/\d+\/params$/.test(p));

/**
 * Every combination, in a defined order (symbol or file, then seed, then the grid with its last
 * axis fastest), each resolved and checked exactly as `tickfold run` would, with its run id.
 */
export async function planSweep(def: SweepDefinition, io: Io): Promise<{ runs: Combination[]; skipped: Skipped[] }> {
  if (def.flags.feed === 'yahoo') throw new TickfoldError('E_FLAG_INVALID', 'a sweep replays recorded data: use --feed synthetic or --csv (a live Yahoo feed cannot be run twice alike)', { flag: '--feed' });
  const ticks = def.flags.ticks === undefined ? null : parseInteger('--ticks', def.flags.ticks, 1);
  const runs: Combination[] = [];
  const skipped: Skipped[] = [];
  const planIo: Io = { ...io, cwd: def.cwd };
  for (const unit of units(def.flags)) {
    for (const seed of seedsOf(def)) {
      for (const point of cartesian(def.grid)) {
        const assignments = point.map((p) => `${p.name}.${p.key}=${p.value}`);
        const flags: RunCommandFlags = {
          ...def.flags,
          ...unit,
          ...(seed === undefined ? {} : { seed }),
          ...(def.flags.param || assignments.length ? { param: [...(def.flags.param ?? []), ...assignments] } : {}),
          fsync: def.flags.fsync ?? 'close',
        };
        let planned;
        try {
          planned = await planRun(flags, planIo);
        } catch (e) {
          if (!isRejectedByCheck(e)) throw e;
          skipped.push({ params: assignments.join(' '), symbol: unit.symbols ?? unit.csv ?? '', seed: seed ?? '', reason: e.message.replace(/^E_CONFIG_INVALID: config field \/strategies\/\d+\/params: /, '') });
          continue;
        }
        const { config, registry, baseDir } = planned;
        const params = Object.fromEntries(strategyRecords(decideContext(config, registry)).map((r) => [r.name, r.params]));
        runs.push({ id: runId(config, registry, baseDir, ticks), flags, params, symbol: config.symbols[0]!, seed: config.seed });
      }
    }
  }
  const ids = new Set(runs.map((r) => r.id));
  if (ids.size !== runs.length) throw new TickfoldError('E_FLAG_INVALID', 'two combinations of this sweep are the same run (a grid value repeated under another spelling?); make each distinct', {});
  return { runs, skipped };
}
