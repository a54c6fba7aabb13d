import { isTickfoldError } from '@tickfold/core';
import { nodeFileLayer, type FileLayer } from '../fileLayer.js';
import { listSegments } from '../log/segments.js';
import { startCursor, type Damage } from '../log/scan.js';
import { readManifest } from './manifest.js';
import type { PartOptions } from '../log/parts.js';
import { recover, type Recovered } from './recover.js';

export interface VerifyProblem {
  readonly code: string;
  /** First seq that is damaged or missing (absent when no line could say). */
  readonly seq?: number;
  readonly segment: string;
  readonly offset: number;
  readonly message: string;
}

/** A head kept elsewhere that the log must end in, or (with seq) pass through. */
export interface PinnedHead {
  readonly hash: string;
  readonly seq?: number;
}

export interface VerifyReport {
  /**
   * True when every line, the chain, tick continuity and every snapshot check out, nothing is
   * lost, and the pinned head (if any) matches. A torn tail of an open session is not damage: it
   * is what a crash leaves, and resume cuts it (see `tornTail`).
   */
  readonly ok: boolean;
  readonly events: number;
  readonly ticks: number;
  readonly head: string;
  readonly segments: number;
  /** valid: proven to be the fold of the log to their seq; invalid: why not. */
  readonly snapshots: { readonly valid: number; readonly invalid: readonly { readonly name: string; readonly reason: string }[] };
  readonly ended: boolean;
  /** Events after the last Heartbeat of an unended session (a crash mid-tick). */
  readonly openTickEvents: number;
  /** A torn last line of an open session: cut (and kept in broken/) on resume. */
  readonly tornTail?: { readonly segment: string; readonly offset: number; readonly bytes: number };
  /** The first damage, loss or mismatch. */
  readonly problem?: VerifyProblem;
}

export interface VerifyRunOptions {
  readonly fs?: FileLayer;
  readonly head?: PinnedHead;
  /** Threads of the read (default: one per core on a long log, see log/parts.ts); the report is the same either way. */
  readonly parallel?: PartOptions;
}

const problemOf = (d: Damage): VerifyProblem => ({ code: d.code, seq: d.seq, segment: d.segment, offset: d.offset, message: d.message });

/**
 * Checks a whole run from genesis: every line's frame, JSON, seq, chain, tick continuity and
 * schema; the log against what its snapshots say it reached; and every snapshot proven to be the
 * fold of the log to its seq. With `head`, the log must also end in (or pass through, at
 * `head.seq`) a head hash kept elsewhere: the one check a log re-chained after an edit cannot pass.
 * Reports the first problem instead of throwing.
 *
 * @example const report = verifyRun('runs/a', { head: { hash: savedHead } }); if (!report.ok) console.error(report.problem);
 */
export function verifyRun(dir: string, options: VerifyRunOptions = {}): VerifyReport {
  const fs = options.fs ?? nodeFileLayer;
  const manifest = readManifest(dir, fs);
  const cur = startCursor();
  let segments = 0;
  let r: Recovered | null = null;
  let problem: VerifyProblem | undefined;
  let hashAtPin: string | undefined;
  const pin = options.head;
  try {
    segments = listSegments(dir, fs).length;
    r = recover(dir, fs, manifest, { salvage: true, verify: 'full', cursor: cur, ...(pin?.seq === undefined ? {} : { pinSeq: pin.seq }), ...(options.parallel ? { parallel: options.parallel } : {}) });
    hashAtPin = r.hashAtPin;
  } catch (e) {
    if (!isTickfoldError(e)) throw e;
    const d = e.details as { seq?: unknown; segment?: string; offset?: number };
    const seq = typeof d.seq === 'number' && Number.isFinite(d.seq) ? d.seq : cur.seq + 1;
    problem = { code: e.code, seq, segment: d.segment ?? '', offset: d.offset ?? 0, message: e.message };
  }
  const ended = r?.state.status === 'ended';
  let tornTail: VerifyReport['tornTail'];
  if (r?.damage) {
    if (r.damage.code === 'E_LOG_TORN_TAIL' && !ended) tornTail = { segment: r.damage.segment, offset: r.damage.offset, bytes: r.damage.bytes };
    else problem = problemOf(r.damage);
  }
  if (!problem && pin) problem = pinProblem(pin, cur.head, cur.seq, hashAtPin);
  const invalid = r ? r.unproven.map((u) => ({ name: u.name, reason: u.reason })) : [];
  return {
    ok: problem === undefined && invalid.length === 0,
    events: cur.seq,
    ticks: r ? r.state.tick : 0,
    head: cur.head,
    segments,
    snapshots: { valid: r?.proven ?? 0, invalid },
    ended,
    openTickEvents: r && !ended ? r.openTickEvents : 0,
    ...(tornTail ? { tornTail } : {}),
    ...(problem ? { problem } : {}),
  };
}

function pinProblem(pin: PinnedHead, head: string, seq: number, hashAtPin: string | undefined): VerifyProblem | undefined {
  const fix = 'the log is not the one whose head was kept: it was changed (and its chain recomputed) or replaced; compare it with the copy the head came from';
  if (pin.seq === undefined) {
    if (head === pin.hash) return undefined;
    return { code: 'E_LOG_HEAD_MISMATCH', seq, segment: '', offset: 0, message: `E_LOG_HEAD_MISMATCH: the log ends at seq ${seq} in head ${head}, not in the pinned head ${pin.hash}; ${fix}` };
  }
  if (hashAtPin === pin.hash) return undefined;
  const what = hashAtPin === undefined ? `the log ends at seq ${seq}, before seq ${pin.seq}` : `the log's hash at seq ${pin.seq} is ${hashAtPin}, not the pinned ${pin.hash}`;
  return { code: 'E_LOG_HEAD_MISMATCH', seq: pin.seq, segment: '', offset: 0, message: `E_LOG_HEAD_MISMATCH: ${what}; ${fix}` };
}
