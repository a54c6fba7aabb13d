import { isTickfoldError } from '@tickfold/core';
import { nodeFileLayer, type FileLayer } from '../fileLayer.js';
import { listSegments } from '../log/segments.js';
import { scanLog, startCursor, type Damage } from '../log/scan.js';
import { listSnapshots, loadSnapshot } from '../snapshot/load.js';
import { readManifest } from './manifest.js';

export interface VerifyProblem {
  readonly code: string;
  readonly seq: number;
  readonly segment: string;
  readonly offset: number;
  readonly message: string;
}

export interface VerifyReport {
  /** True when every line, the chain and every snapshot check out and nothing trails the log. */
  readonly ok: boolean;
  readonly events: number;
  readonly ticks: number;
  readonly head: string;
  readonly segments: number;
  readonly snapshots: { readonly valid: number; readonly invalid: readonly { readonly name: string; readonly reason: string }[] };
  readonly ended: boolean;
  /** Events after the last Heartbeat of an unended session (a crash mid-tick). */
  readonly openTickEvents: number;
  /** The first damage: a torn tail (E_LOG_TORN_TAIL) or damage before it. */
  readonly problem?: VerifyProblem;
}

/**
 * Checks a whole run from genesis: every line's frame, JSON, seq, chain and schema, and every
 * snapshot against the log. Reports the first problem instead of throwing.
 *
 * @example const report = verifyRun('runs/a'); if (!report.ok) console.error(report.problem);
 */
export function verifyRun(dir: string, options: { fs?: FileLayer } = {}): VerifyReport {
  const fs = options.fs ?? nodeFileLayer;
  const manifest = readManifest(dir, fs);
  const cur = startCursor();
  let ticks = 0;
  let ended = false;
  let open = 0;
  let problem: VerifyProblem | undefined;
  let segments = 0;
  try {
    segments = listSegments(dir, fs).length;
    const onDamage = (d: Damage) => (problem = { code: d.code, seq: d.seq, segment: d.segment, offset: d.offset, message: d.message });
    for (const { event } of scanLog(dir, { fs, cursor: cur, onDamage })) {
      open += 1;
      if (event.type === 'Heartbeat') {
        ticks += 1;
        open = 0;
      } else if (event.type === 'SessionStarted' || event.type === 'SessionEnded') {
        open = 0;
        ended ||= event.type === 'SessionEnded';
      }
    }
  } catch (e) {
    if (!isTickfoldError(e)) throw e;
    const d = e.details as Partial<VerifyProblem>;
    const seq = typeof d.seq === 'number' && !Number.isNaN(d.seq) ? d.seq : cur.seq + 1;
    problem = { code: e.code, seq, segment: d.segment ?? '', offset: d.offset ?? 0, message: e.message };
  }
  const invalid: { name: string; reason: string }[] = [];
  let valid = 0;
  for (const name of listSnapshots(dir, fs)) {
    const check = loadSnapshot(dir, fs, name, manifest.config);
    if (check.ok && check.snapshot.seq <= cur.seq) valid += 1;
    else invalid.push({ name, reason: check.ok ? `seq ${check.snapshot.seq} is past the end of the valid log (seq ${cur.seq})` : check.reason });
  }
  return {
    ok: problem === undefined && invalid.length === 0,
    events: cur.seq,
    ticks,
    head: cur.head,
    segments,
    snapshots: { valid, invalid },
    ended,
    openTickEvents: ended ? 0 : open,
    ...(problem ? { problem } : {}),
  };
}
