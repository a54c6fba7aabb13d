import { GENESIS_HASH, type TickfoldEvent } from '@tickfold/core';
import { segmentIndex } from '../layout.js';
import type { Snapshot } from '../snapshot/format.js';

/** An event as it sits in the log: the parsed event, its stored bytes and hash, and where. */
export interface StoredEvent {
  readonly event: TickfoldEvent;
  readonly canonical: string;
  readonly hash: string;
  readonly segment: string;
  /** Byte offset of the line in its segment. */
  readonly offset: number;
  /** 1-based line number in its segment. */
  readonly line: number;
}

/** Where a scan is: after the last good line. Also where a scan may start (e.g. at a snapshot). */
export interface Cursor {
  /** 1-based segment index; 0 before any segment. */
  segment: number;
  offset: number;
  line: number;
  seq: number;
  head: string;
  /**
   * UTC date of the last event, for date-based rotation. Not kept up to date by the scan (a
   * string per line is measurable); recovery sets it on the boundary it resumes from.
   */
  day: string | null;
}

/** Damage the scan stopped at without throwing: a torn tail, or anything when salvaging. */
export interface Damage {
  readonly code: string;
  readonly segment: string;
  readonly offset: number;
  readonly seq: number;
  readonly message: string;
  /** Bytes from the damage to the end of its segment. */
  readonly bytes: number;
  readonly salvaged: boolean;
}

export const startCursor = (): Cursor => ({ segment: 0, offset: 0, line: 0, seq: 0, head: GENESIS_HASH, day: null });

/** Where a scan resumes after a snapshot: just past its line. Users: recover (run/recover.ts) and readRun (run/read.ts). */
export const cursorAfter = (s: Snapshot, day: string | null): Cursor => ({
  segment: segmentIndex(s.position.segment),
  offset: s.position.end,
  line: s.position.line,
  seq: s.seq,
  head: s.head,
  day,
});
