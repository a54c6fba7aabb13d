import { TickfoldError, type TickfoldEvent } from '@tickfold/core';
import { createTracker, type RunTrack } from '../metrics/index.js';

/** What the report is made of: the run's track (series, fills, trips) and its head hash. */
export interface Collected {
  readonly track: RunTrack;
  readonly head: string;
}

/**
 * Reads a run's events (in seq order) into the metrics module's track, keeping the head hash.
 *
 * @example const { track, head } = await collect(readRun('runs/a'))
 */
export async function collect(records: AsyncIterable<{ event: TickfoldEvent; hash: string }> | Iterable<{ event: TickfoldEvent; hash: string }>): Promise<Collected> {
  const tracker = createTracker();
  let head = '';
  for await (const { event, hash } of records) {
    tracker.push(event);
    head = hash;
  }
  if (!tracker.track) throw new TickfoldError('E_REPORT_EMPTY', 'the run has no events; nothing to report (was it started with tickfold run?)');
  return { track: tracker.track, head };
}
