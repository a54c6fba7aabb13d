import { Replayer, type State, type StrategyRegistry, type TickfoldEvent } from '@tickfold/core';
import { nodeFileLayer, type FileLayer } from '../fileLayer.js';
import { storeError } from '../errors.js';
import { readRun } from './read.js';
import { lastSeq } from '../log/links.js';
import { listSegments } from '../log/segments.js';

export interface ReplayRunOptions {
  /** Stop after this seq, or after this tick's Heartbeat. */
  readonly until?: { readonly seq: number } | { readonly tick: number };
  readonly registry?: StrategyRegistry;
  /** Called every 1,000 events and at the end, with the seq reached and the log's last seq (NaN if its tail is torn). */
  readonly onProgress?: (seq: number, total: number) => void;
  readonly fs?: FileLayer;
  /**
   * Sees every event of the result, in seq order, once its tick (or session event) is re-derived
   * and checked: so a caller computes figures over the replayed log without reading it again.
   */
  readonly onEvent?: (event: TickfoldEvent) => void;
}

export interface ReplayResult {
  readonly state: State;
  readonly head: string;
  readonly events: number;
  readonly ticks: number;
}

/**
 * Re-derives a recorded run with core's Replayer: every derived event is recomputed from the
 * recorded inputs and must equal the recorded one (else E_REPLAY_MISMATCH naming seq and fields).
 *
 * @example const { state, head } = replayRun('runs/a', { until: { tick: 50 } });
 */
export function replayRun(dir: string, options: ReplayRunOptions = {}): ReplayResult {
  const fs = options.fs ?? nodeFileLayer;
  const replayer = new Replayer(options.registry ? { registry: options.registry } : {});
  const until = options.until;
  let head = '';
  let seq = 0;
  let ticks = 0;
  let stateAtHead: State | null = null;
  const total = options.onProgress ? lastSeq(dir, fs, listSegments(dir, fs)) : NaN;
  const onEvent = options.onEvent;
  let checked: TickfoldEvent[] = [];
  for (const { event, hash, canonical } of readRun(dir, { fs })) {
    if (until && 'seq' in until && event.seq > until.seq) break;
    // The stored bytes were hashed and checked as they were read: compared as they are, not serialized again.
    replayer.push(event, canonical);
    seq = event.seq;
    if (onEvent) checked.push(event);
    if (replayer.openTick.length === 0) {
      if (onEvent) {
        for (const e of checked) onEvent(e);
        checked = [];
      }
      head = hash;
      stateAtHead = replayer.state;
      if (event.type === 'Heartbeat') ticks += 1;
    }
    if (seq % 1000 === 0) options.onProgress?.(seq, total);
    if (until && 'tick' in until && event.type === 'Heartbeat' && event.tick >= until.tick) break;
  }
  options.onProgress?.(seq, Number.isNaN(total) ? seq : total);
  if (!stateAtHead) throw storeError('E_REPLAY_EMPTY', `${dir} has no complete session event to replay; the log is empty`, { dir });
  return { state: stateAtHead, head, events: stateAtHead.seq, ticks };
}
