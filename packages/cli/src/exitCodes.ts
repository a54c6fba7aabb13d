import { isTickfoldError } from '@tickfold/core';

/** Exit codes scripts can rely on; documented in `tickfold --help` and the README. */
export const EXIT = {
  ok: 0,
  /** verify: the run is corrupt; diff: the runs differ; replay: a re-derived event differs. */
  failed: 1,
  /** Bad flags, invalid config, missing files, unreadable run: nothing was checked or run. */
  cannotRun: 2,
  /** run: stopped by Ctrl-C; events flushed and resumable with --resume. */
  interrupted: 130,
} as const;

/** Error codes that mean "the data is bad" (exit 1) rather than "could not run" (exit 2). */
const CORRUPTION = /^E_(LOG|MANIFEST|SNAPSHOT|REPLAY|EVENT)_/;

/** Commands whose job is to judge a run: for them a corrupt run is the answer 1, not a failure to run. */
const JUDGES: ReadonlySet<string> = new Set(['verify', 'replay', 'diff']);

/** The exit code for an error thrown by `command`. */
export const exitCodeOf = (e: unknown, command = ''): number =>
  JUDGES.has(command) && isTickfoldError(e) && CORRUPTION.test(e.code) ? EXIT.failed : EXIT.cannotRun;

export const EXIT_HELP = `Exit codes:
  0    success (verify: clean; diff: identical)
  1    verify: corrupt run; diff: runs differ; replay: a re-derived event differs from the log
  2    cannot run: bad flag or config, missing file, unreadable run directory
  130  run interrupted by Ctrl-C (flushed, snapshot written; continue with --resume DIR)`;
