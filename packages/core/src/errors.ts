import { ERROR_CATALOG, type CatalogEntry, type ErrorCode } from './errorCatalog.js';

export { ERROR_CATALOG, isErrorCode, type CatalogEntry, type ErrorCode, type ExitClass } from './errorCatalog.js';

/**
 * Every error tickfold raises on purpose: a stable `code` from the catalog (ERROR_CATALOG) that
 * scripts can match, a message that says what was wrong, where and how to fix it, and structured
 * `details` (seq, field, file…). An error raised because of another keeps it as `cause` rather
 * than pasting its message (and code) into its own.
 */
export class TickfoldError extends Error {
  override readonly name = 'TickfoldError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    options?: { readonly cause?: unknown },
  ) {
    super(`${code}: ${message}`, options);
  }

  /** The catalog's entry: area, exit class and the generic fix. */
  get entry(): CatalogEntry {
    return ERROR_CATALOG[this.code];
  }
}

export const isTickfoldError = (e: unknown): e is TickfoldError => e instanceof TickfoldError;
