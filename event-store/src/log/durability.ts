/**
 * When appended bytes are fsynced. What each can lose in a crash (see README):
 * - `batch`: nothing that `write`/`append` returned from; a crash mid-batch loses that batch.
 * - `interval`: at most the batches of the last `ms` milliseconds.
 * - `close`: everything since the file system last flushed on its own (up to the whole run).
 * Rolling to a new segment always fsyncs the old one, so a later segment never outlives an earlier.
 *
 * @example createRun({ dir, config, createdAt, policy: { kind: 'interval', ms: 200 } })
 */
export type DurabilityPolicy = { readonly kind: 'batch' } | { readonly kind: 'interval'; readonly ms: number } | { readonly kind: 'close' };

export const DEFAULT_POLICY: DurabilityPolicy = { kind: 'batch' };

export function describePolicy(policy: DurabilityPolicy): string {
  return policy.kind === 'interval' ? `interval:${policy.ms}ms` : policy.kind;
}
