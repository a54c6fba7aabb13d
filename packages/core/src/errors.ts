/**
 * Every error tickfold raises on purpose: a stable `code` scripts can match, a message that
 * says what was wrong, where and how to fix it, and structured `details` (seq, field, file…).
 */
export class TickfoldError extends Error {
  override readonly name = 'TickfoldError';
  constructor(
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(`${code}: ${message}`);
  }
}

export const isTickfoldError = (e: unknown): e is TickfoldError => e instanceof TickfoldError;
