import { TickfoldError } from '@tickfold/core';

/** Where in the log something was found: every corruption error carries this. */
export interface LogPlace {
  readonly segment: string;
  readonly offset: number;
  readonly seq: number;
}

/** `E_LOG_HASH_MISMATCH at seq 1042 (segment 000003.jsonl, byte 88211): <what>; <fix>` */
export function logError(code: string, place: LogPlace, what: string, fix: string): TickfoldError {
  return new TickfoldError(code, `at seq ${place.seq} (segment ${place.segment}, byte ${place.offset}): ${what}; ${fix}`, { ...place });
}

export const storeError = (code: string, message: string, details: Record<string, unknown> = {}): TickfoldError =>
  new TickfoldError(code, message, details);
