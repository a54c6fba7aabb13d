/**
 * The rule for bars that share a time: the first one seen is kept, later ones are duplicates.
 * First, because admit already keeps the first version of a time across polls (a later bar at a
 * time the engine holds is not newer, so it is dropped); within one response it is the same rule.
 * The one home of it: admit (core), `sanitizeRows` (feed/bars/sanitize.ts); the CSV reader
 * (feed/csv/bars.ts) keeps the first row of a repeated date as a consequence of reading oldest first.
 *
 * Adds `bar` under `time` unless a bar is held there; false when `bar` is a duplicate.
 *
 * @example if (!keepFirstAtTime(byTime, bar.time, bar)) duplicates++;
 */
export function keepFirstAtTime<K, B>(byTime: Map<K, B>, time: K, bar: B): boolean {
  if (byTime.has(time)) return false;
  byTime.set(time, bar);
  return true;
}
