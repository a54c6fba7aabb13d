import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TickfoldError } from '@tickfold/core';

/** What the CLI keeps beside the store's files so `--resume DIR` needs nothing but DIR. */
export interface RunOptions {
  /** Total ticks the run was asked for. */
  readonly ticks: number;
  /** Directory relative paths in the config (CSV files) are resolved against. */
  readonly baseDir: string;
  /** --strategy-file paths as given, and the directory they were given in: resume and replay load them again. */
  readonly strategyFiles?: readonly string[];
  readonly strategyDir?: string;
}

export const RUN_OPTIONS_FILE = 'cli-run.json';

const stamp = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

/** A fresh directory under `runs/`: `runs/20260124-101500-seed42`, with -2, -3… on a clash. */
export function newRunDir(cwd: string, now: Date, seed: number): string {
  const base = join(resolve(cwd, 'runs'), `${stamp(now)}-seed${seed}`);
  let dir = base;
  for (let n = 2; existsSync(dir); n++) dir = `${base}-${n}`;
  return dir;
}

/** `--out DIR`: the directory must not exist yet (or be empty), so a run never overwrites another. */
export function claimRunDir(cwd: string, out: string): string {
  const dir = resolve(cwd, out);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new TickfoldError('E_RUN_EXISTS', `run directory ${dir} already exists; choose another --out, delete it, or continue it with --resume ${out}`, { dir });
  }
  return dir;
}

/** A run directory given as an argument must exist. */
export function existingRunDir(cwd: string, run: string): string {
  const dir = resolve(cwd, run);
  if (!existsSync(dir)) throw new TickfoldError('E_RUN_NOT_FOUND', `run directory ${dir} does not exist; pass a directory made by 'tickfold run' (see runs/)`, { dir });
  return dir;
}

export function readRunOptions(dir: string): RunOptions {
  const file = join(dir, RUN_OPTIONS_FILE);
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<RunOptions>;
    if (!Number.isSafeInteger(parsed.ticks) || typeof parsed.baseDir !== 'string') throw new Error('ticks or baseDir missing');
    const files = Array.isArray(parsed.strategyFiles) && parsed.strategyFiles.every((f) => typeof f === 'string') ? { strategyFiles: parsed.strategyFiles } : {};
    const at = typeof parsed.strategyDir === 'string' ? { strategyDir: parsed.strategyDir } : {};
    return { ticks: parsed.ticks!, baseDir: parsed.baseDir, ...files, ...at };
  } catch (e) {
    throw new TickfoldError('E_RUN_OPTIONS', `cannot read ${file} (${(e as Error).message}); this run was not started by 'tickfold run', so --resume cannot know its tick count`, { file });
  }
}
