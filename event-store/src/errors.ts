import { TickfoldError, type ErrorCode } from '@tickfold/core';

/** Where in the log something was found: every corruption error carries this. */
export interface LogPlace {
  readonly segment: string;
  readonly offset: number;
  readonly seq: number;
}

/**
 * `E_LOG_HASH_MISMATCH at seq 1042 (segment 000003.jsonl, byte 88211): <what>; <fix>`. A place
 * whose seq is unknown (NaN) says so by leaving it out, never as "seq NaN".
 */
export function logError(code: ErrorCode, place: LogPlace, what: string, fix: string, cause?: unknown): TickfoldError {
  const where = `segment ${place.segment}, byte ${place.offset}`;
  const at = Number.isFinite(place.seq) ? `at seq ${place.seq} (${where})` : `in ${where}`;
  const details: Record<string, unknown> = { segment: place.segment, offset: place.offset, ...(Number.isFinite(place.seq) ? { seq: place.seq } : {}) };
  return new TickfoldError(code, `${at}: ${what}; ${fix}`, details, cause === undefined ? undefined : { cause });
}

export const storeError = (code: ErrorCode, message: string, details: Record<string, unknown> = {}, cause?: unknown): TickfoldError =>
  new TickfoldError(code, message, details, cause === undefined ? undefined : { cause });
