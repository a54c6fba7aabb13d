import type { FallbackReason } from '@tickfold/core';

/** Why one attempt failed, and whether another attempt could help. */
export interface Failure {
  readonly ok: false;
  readonly reason: FallbackReason;
  readonly message: string;
  readonly retry: boolean;
  /** The server asked to wait this long before the next attempt (Retry-After). */
  readonly retryAfterMs?: number;
}

export const failure = (reason: FallbackReason, message: string, retry: boolean): Failure => ({ ok: false, reason, message, retry });

/** Statuses worth another try: the server was busy or broken, not the request. */
export const retryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500;
