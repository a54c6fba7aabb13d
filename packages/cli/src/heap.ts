import { setFlagsFromString } from 'node:v8';

/** Whether a flag node was started with names this V8 flag: then it wins over ours (node refuses V8 flags like these in NODE_OPTIONS). */
const userSets = (flag: RegExp, execArgv: readonly string[]): boolean => execArgv.some((a) => flag.test(a));

/**
 * Young-generation collections on the collecting thread alone, without V8's helper threads; the
 * CLI calls it first, for every command. A backtest collects ~80 times (~1 GB of short-lived
 * events and strings); on two cores the helpers took the core the writer thread works on for
 * ~0.1 s in all, to save the engine's thread ~7 ms (6 alternating pairs on the 100,720-bar
 * backtest: wall median 1.37 s against 1.44 s, the helper threads' CPU 0.35 s against 0.44 s;
 * `verify` unchanged, `replay` 6.8 s against 7.3 s). Read at every collection, like the flag below.
 */
export function scavengeOnOneThread(execArgv: readonly string[] = process.execArgv): boolean {
  if (userSets(/parallel[-_]scavenge/, execArgv)) return false;
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
  if (userSets(/heap[-_]growing[-_]percent/, execArgv)) return false;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
