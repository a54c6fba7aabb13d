import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { canonical, sha256Hex, type Config, type StrategyRegistry } from '@tickfold/core';
import { decideContext, strategyRecords } from '@tickfold/core/internal';

/**
 * A run's id: a hash of everything that decides its log — the resolved config (parameters
 * included), each strategy's code hash, the bytes of its data files and the tick count — and of
 * nothing else (no time, no order of completion), so the same inputs always land in the same
 * directory and a resumed sweep finds its runs again.
 */
export function runId(config: Config, registry: StrategyRegistry, baseDir: string, ticks: number | null): string {
  const files = config.feed.kind === 'csv' ? ((config.feed.options as { files?: Record<string, string> }).files ?? {}) : {};
  const data = Object.fromEntries(Object.keys(files).sort().map((s) => [s, createHash('sha256').update(readFileSync(resolve(baseDir, files[s]!))).digest('hex')]));
  const strategies = strategyRecords(decideContext(config, registry));
  return sha256Hex(canonical({ v: 1, config, data, strategies, ticks })).slice(0, 16);
}
