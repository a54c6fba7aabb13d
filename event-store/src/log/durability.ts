import type { Config } from '@tickfold/core';

/**
 * When appended bytes are fsynced. What each can lose in a crash (see README):
 * - `tick`: nothing that `write`/`append` returned from (the engine writes one tick per call); a
 *   crash mid-tick loses that tick. The CLI's `--fsync tick`.
 * - `interval`: at most the ticks of the last `ms` milliseconds.
 * - `close`: everything since the file system last flushed on its own (up to the whole run).
 * A live run (real clock) writes every tick before `append` returns, and rolling to a new
 * segment fsyncs the old one, so a later segment never outlives an earlier. A virtual-clock run
 * is recomputable from its inputs: its writes are coalesced (group commit) and a rolled segment
 * is fsynced in the background, both made durable at the next fsync.
 *
 * @example createRun({ dir, config, createdAt, policy: { kind: 'interval', ms: 200 } })
 */
export type DurabilityPolicy = { readonly kind: 'tick' } | { readonly kind: 'interval'; readonly ms: number } | { readonly kind: 'close' };

/** The interval policy's period in ms; null for the other policies. */
export const intervalMsOf = (policy: DurabilityPolicy): number | null => (policy.kind === 'interval' ? policy.ms : null);

/** The default of a live run: one durable tick at a time, because its inputs cannot be fetched again. */
export const DEFAULT_POLICY: DurabilityPolicy = { kind: 'tick' };

/** The default of a virtual-clock run: group commit, at most every second (and at snapshots and close). */
export const GROUP_COMMIT: DurabilityPolicy = { kind: 'interval', ms: 1000 };

/** A run's inputs can be fetched again (CSV, synthetic): what a crash loses is recomputed on resume. */
export const isRecomputable = (config: Config): boolean => config.clock.mode === 'virtual';

/** Group commit for a virtual-clock run, one durable tick at a time for a live one. */
export const defaultPolicy = (config: Config): DurabilityPolicy => (isRecomputable(config) ? GROUP_COMMIT : DEFAULT_POLICY);
