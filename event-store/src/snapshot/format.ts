import type { State } from '@tickfold/core';

export const SNAPSHOT_FORMAT = 1;

/**
 * A snapshot file: the state after `seq`, the log's hash at that seq and where that line is,
 * and a sha256 of the canonical state so a flipped byte is caught, not folded onward.
 */
export interface Snapshot {
  readonly format: number;
  readonly seq: number;
  readonly tick: number;
  readonly head: string;
  /** The line of `seq`: its segment and byte range, so opening need not scan the log before it. */
  readonly position: { readonly segment: string; readonly offset: number; readonly end: number; readonly line: number };
  readonly stateHash: string;
  readonly state: State;
}
