import { fileURLToPath } from 'node:url';
import { createEngine, createRegistry, resolveConfig, type EventRecord, type RunResult, type Strategy } from '@tickfold/core';
import { createFeed } from '@tickfold/feed';

/** The CSV fixtures copied into the CLI package. */
export const OHLCV = fileURLToPath(new URL('../../test-fixtures/ohlcv/', import.meta.url));

/** Always fully long: with no fees or slippage its account is buy-and-hold of the symbol. */
export const holdStrategy: Strategy = { name: 'hold', defaults: {}, window: () => 1, target: () => 1 };

/** Runs a CSV-fed session in memory over the fixtures (every date of the files) and returns its records. */
export async function csvRun(files: Readonly<Record<string, string>>, config: Record<string, unknown> = {}): Promise<{ records: EventRecord[]; result: RunResult }> {
  const resolved = resolveConfig({ symbols: Object.keys(files), feed: { kind: 'csv', options: { files } }, ...config });
  const feed = createFeed(resolved, { baseDir: OHLCV });
  const records: EventRecord[] = [];
  const registry = createRegistry([holdStrategy]);
  const engine = createEngine(resolved, { feed, registry, sinks: [{ write: (rs) => void records.push(...rs) }] });
  const result = await engine.run({ ticks: feed.tickCount! });
  return { records, result };
}
