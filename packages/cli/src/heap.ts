import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';

/** Whether a flag node was started with names this V8 flag: then it wins over ours (node refuses V8 flags like these in NODE_OPTIONS). */
const userSets = (flag: RegExp, execArgv: readonly string[]): boolean => execArgv.some((a) => flag.test(a));

/**
 * On two cores or fewer, young-generation collections on the thread that allocates alone, without
 * V8's helper threads; the CLI calls it first, for every command. There the helpers have no core
 * of their own: in a backtest (~80 collections) they took the one its writer thread works on, for
 * ~0.1 s in all, to save the engine's thread a few milliseconds (see the CLI README for the
 * figures). With more cores they have idle ones, and the flag is left as it is: not measured
 * there. V8 reads it at every collection, like the flag below, so setting it now works.
 */
export function scavengeOnOneThread(execArgv: readonly string[] = process.execArgv, cores = availableParallelism()): boolean {
  if (cores > 2 || userSets(/^--(no[-_])?parallel[-_]scavenge(=|$)/, execArgv)) return false;
  setFlagsFromString('--no-parallel-scavenge');
  return true;
}

/** Old generation grows to at most 1.5× what the last full collection left live. */
export const HEAP_GROWING_PERCENT = 50;

/**
 * Keeps a long run's peak memory where a short run's is; `tickfold run` calls it first. A
 * backtest's live heap is small and flat (~15 MB at 100k and at 1M bars), but what survives two
 * scavenges (~28 MB per 100k bars) waits in the old generation, which V8 lets grow to up to 4×
 * the live heap before a full collection: a 100k-bar run ends before that ceiling, a 1M-bar run
 * lives at it, so peak RSS grew with the bars (143 vs 162 MB). At 1.5× both sit at the same
 * ceiling (118 vs 124 MB), for a full collection of ~15 MB every ~7 MB promoted. V8 reads this
 * flag at each collection, so setting it at start-up works (unlike the semi-space sizes, fixed
 * when the heap is set up); a process flag that sets it wins. Only for a run:
 * `verify`, whose live heap is larger, paid ~0.15 s more CPU on a 410k-event log with it, for no
 * lower peak.
 */
export function boundHeapGrowth(execArgv: readonly string[] = process.execArgv): boolean {
  if (userSets(/^--heap[-_]growing[-_]percent(=|$)/, execArgv)) return false;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
