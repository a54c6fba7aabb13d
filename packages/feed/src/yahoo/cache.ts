import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { type Bar } from '@tickfold/core';
import { isUsableBar } from '@tickfold/core/internal';

const VERSION = 1;

export interface CachedBars {
  readonly bars: readonly Bar[];
  /** Why the disk copy could not be used, when it could not. */
  readonly problem?: string;
}

/**
 * The last good sanitized bars per symbol: in memory, and when a directory is given also on
 * disk (temp file, fsync, rename), so a restarted process still has them. A damaged file is
 * never trusted: it is reported and ignored.
 */
export class BarCache {
  private readonly memory = new Map<string, CachedBars>();
  /** The last failure to persist bars (the in-memory copy is still current), for the caller to log. */
  writeError: string | undefined;

  constructor(private readonly dir?: string) {}

  fileOf(symbol: string): string | undefined {
    return this.dir === undefined ? undefined : join(this.dir, `yahoo-bars-${encodeURIComponent(symbol)}.json`);
  }

  async get(symbol: string): Promise<CachedBars> {
    const hit = this.memory.get(symbol);
    if (hit) return hit;
    const loaded = await this.load(symbol);
    this.memory.set(symbol, loaded);
    return loaded;
  }

  async put(symbol: string, bars: readonly Bar[]): Promise<void> {
    this.memory.set(symbol, { bars });
    const file = this.fileOf(symbol);
    if (file !== undefined) await writeFileAtomic(file, JSON.stringify({ version: VERSION, symbol, bars }) + '\n', { fsync: true });
  }

  private async load(symbol: string): Promise<CachedBars> {
    const file = this.fileOf(symbol);
    if (file === undefined) return { bars: [] };
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ENOENT' ? { bars: [] } : { bars: [], problem: `cache ${file} unreadable: ${(e as Error).message}` };
    }
    try {
      const doc = JSON.parse(text) as { version?: unknown; symbol?: unknown; bars?: unknown };
      if (doc.version !== VERSION || doc.symbol !== symbol || !Array.isArray(doc.bars)) throw new Error(`expected version ${VERSION} bars of ${symbol}`);
      const bars = doc.bars as Bar[];
      const bad = bars.findIndex((b, i) => !isUsableBar(b) || (i > 0 && b.time <= bars[i - 1]!.time));
      if (bad >= 0) throw new Error(`bar ${bad} is invalid or out of order`);
      return { bars };
    } catch (e) {
      return { bars: [], problem: `cache ${file} ignored: ${(e as Error).message}` };
    }
  }
}
