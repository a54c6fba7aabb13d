import { createRegistry, TickfoldError, type Strategy, type SessionStarted, type StrategyRecord, type StrategyRegistry } from '@tickfold/core';
import { readRun } from '@tickfold/event-store';
import { bundleStrategyFile } from './bundle.js';
import { strategiesOf } from './load.js';

/** Bundles and imports each file (in the order given); two files defining one name is E_STRATEGY_EXISTS. */
export async function loadStrategyFiles(origins: readonly string[], cwd: string): Promise<Strategy[]> {
  const all: Strategy[] = [];
  for (const origin of origins) {
    for (const s of await strategiesOf(await bundleStrategyFile(origin, cwd))) {
      const twin = all.find((x) => x.name === s.name);
      if (twin) throw new TickfoldError('E_STRATEGY_EXISTS', `strategy '${s.name}' is defined by both ${twin.origin} and ${s.origin}; give --strategy-file only one of them, or rename one`, { strategy: s.name, files: [twin.origin, s.origin] });
      all.push(s);
    }
  }
  return all;
}

/** A run's SessionStarted, or undefined when the session never started. */
export function recordedSession(dir: string): SessionStarted | undefined {
  for (const { event } of readRun(dir)) return event.type === 'SessionStarted' ? event : undefined;
  return undefined;
}

/** Where a run's strategy files are found again: the paths recorded, resolved where they were given. */
export interface StrategySources {
  /** Files recorded for the run (SessionStarted origins, or cli-run.json when the session never started). */
  readonly recorded: readonly string[];
  /** The directory the recorded paths were given in. */
  readonly dir: string;
}

/**
 * The registry to replay or resume a run: built-ins plus the strategy files it recorded, or the
 * files given with `--strategy-file` instead (matched by strategy name). Built-ins need no file;
 * a strategy that came from no file (embedded) must be given one.
 */
export async function registryForRun(records: readonly StrategyRecord[] | undefined, sources: StrategySources, overrides: readonly string[], cwd: string): Promise<StrategyRegistry> {
  if (overrides.length > 0) return createRegistry(await loadStrategyFiles(overrides, cwd));
  const embedded = records?.find((r) => r.origin === 'embedded');
  if (embedded) {
    throw new TickfoldError('E_STRATEGY_LOAD', `the run used strategy '${embedded.name}' registered through the embedding API, not from a file; give its code with --strategy-file FILE`, { strategy: embedded.name });
  }
  const files = records ? [...new Set(records.filter((r) => r.origin !== 'builtin').map((r) => r.origin))] : sources.recorded;
  return createRegistry(await loadStrategyFiles(files, sources.dir));
}
