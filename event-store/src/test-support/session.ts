import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, resolveConfig, type Config, type EngineSink, type Feed, type EventRecord, type RunResult, type State } from '@tickfold/core';
import { gbmFeed, sessionConfig } from './gbmFeed.mjs';

export { gbmFeed, sessionConfig };

export const CREATED_AT = '2026-01-01T00:00:00.000Z';

/** A fresh temp directory, removed by the returned cleanup. */
export function tempDir(prefix = 'tickfold-store-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const configOf = (seed: number, symbols?: string[]): Config => resolveConfig(sessionConfig(seed, symbols));

/** Runs (or resumes) a gbm session to `ticks` total through the given sinks. */
export async function runSession(opts: {
  seed: number;
  ticks: number;
  sinks?: readonly EngineSink[];
  symbols?: string[];
  resume?: { state: State; head: string };
  onEngine?: (engine: ReturnType<typeof createEngine>) => void;
  feed?: Feed;
  hashing?: 'eager' | 'deferred';
}): Promise<RunResult> {
  const config = configOf(opts.seed, opts.symbols);
  const engine = createEngine(config, {
    feed: opts.feed ?? gbmFeed({ seed: opts.seed }),
    sinks: opts.sinks ?? [],
    ...(opts.resume ? { resume: opts.resume } : {}),
    ...(opts.hashing ? { hashing: opts.hashing } : {}),
  });
  opts.onEngine?.(engine);
  return engine.run({ ticks: opts.ticks });
}

/** The uninterrupted session in memory: every record and the state after each batch. */
export async function referenceSession(seed: number, ticks: number, symbols?: string[]): Promise<{ result: RunResult; records: EventRecord[]; hashAt: (seq: number) => string }> {
  const records: EventRecord[] = [];
  const result = await runSession({ seed, ticks, symbols, sinks: [{ write: (rs) => void records.push(...rs) }] });
  return { result, records, hashAt: (seq) => records[seq - 1]!.hash };
}
