import { ERROR_CATALOG, isTickfoldError, type ExitClass } from '@tickfold/core';

/** Exit codes scripts can rely on; documented in `tickfold --help` and the README. */
export const EXIT = {
  ok: 0,
  /** The data is bad: a corrupt run (any command that read it), replay's re-derived difference; diff: the runs differ. */
  failed: 1,
  /** Bad flags, invalid config, missing files, I/O errors: nothing was checked or run. */
  cannotRun: 2,
  /** A bug in tickfold (EX_SOFTWARE). */
  bug: 70,
  /** run: stopped by Ctrl-C; events flushed and resumable with --resume. */
  interrupted: 130,
} as const;

const BY_CLASS: Readonly<Record<ExitClass, number>> = { corrupt: EXIT.failed, 'cannot-run': EXIT.cannotRun, bug: EXIT.bug };

/** The exit class of anything thrown: the catalog's for a TickfoldError, a bug otherwise. */
export const exitClassOf = (e: unknown): ExitClass => (isTickfoldError(e) ? ERROR_CATALOG[e.code].exit : 'bug');

/**
 * The exit code for an error thrown by `command`, read from the error catalog. `diff` is the one
 * command whose 1 means something else ("the runs differ"): a corrupt input there means no
 * comparison was made, so it exits 2.
 */
export function exitCodeOf(e: unknown, command = ''): number {
  const cls = exitClassOf(e);
  return command === 'diff' && cls === 'corrupt' ? EXIT.cannotRun : BY_CLASS[cls];
}

export const EXIT_HELP = `Exit codes:
  0    success (verify: clean or resumable; diff: identical)
  1    the data is bad: verify or any command reading a corrupt run; replay: a re-derived event
       differs from the log; diff: the runs differ
  2    cannot run: bad flag or config, missing file, I/O error (diff: also an input that is corrupt)
  70   a bug in tickfold (please report it)
  130  run interrupted by Ctrl-C (flushed, snapshot written; continue with --resume DIR)`;
