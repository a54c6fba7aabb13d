import { TickfoldError } from '@tickfold/core';

/** `E_NATS_*` errors: what was wrong, where (server, stream, subject, stream seq) and what to do. */
export const natsError = (code: string, message: string, details: Record<string, unknown> = {}): TickfoldError =>
  new TickfoldError(code, message, details);

/** Errors of the NATS layer itself (retryable), as opposed to a job's own deterministic failure. */
export const isNatsFailure = (e: unknown): boolean =>
  !(e instanceof TickfoldError) || e.code.startsWith('E_NATS_');
