/**
 * Every error code tickfold raises, in one place: where it comes from (`area`), what it means
 * for the exit code (`exit`: the data is bad, the command cannot run, or a bug in tickfold) and
 * what to do about it (`fix`). `TickfoldError.code` is typed from it, the CLI's exit codes are
 * read from it, and the README's error table is tested against it.
 */
export type ExitClass = 'corrupt' | 'cannot-run' | 'bug';

export interface CatalogEntry {
  readonly area: 'cli' | 'config' | 'feed' | 'engine' | 'log' | 'run' | 'replay' | 'report' | 'nats';
  readonly exit: ExitClass;
  readonly fix: string;
}

const entry = (area: CatalogEntry['area'], exit: ExitClass, fix: string): CatalogEntry => ({ area, exit, fix });

export const ERROR_CATALOG = {
  // cli: flags and command lines
  E_USAGE: entry('cli', 'cannot-run', 'check the command and its options: tickfold <command> --help'),
  E_FLAG_INVALID: entry('cli', 'cannot-run', "correct the flag's value as the message shows"),
  E_OUT_INVALID: entry('cli', 'cannot-run', 'give a path in a writable directory on a regular file system'),
  E_IO: entry('cli', 'cannot-run', 'the message names the path and the system error: free space, fix permissions or choose another path'),
  // config
  E_CONFIG_FILE: entry('config', 'cannot-run', 'check the path given to --config and that the file is JSON'),
  E_CONFIG_INVALID: entry('config', 'cannot-run', 'correct the config field named by its JSON pointer'),
  E_CONFIG_LIMIT: entry('config', 'cannot-run', 'keep the value within the documented limit (see packages/cli/README.md, "Limits")'),
  // feeds
  E_CSV_READ: entry('feed', 'cannot-run', 'check the CSV path: it must be a readable regular file'),
  E_CSV_HEADER: entry('feed', 'cannot-run', 'give a CSV with a Date,Open,High,Low,Close[,Adj Close],Volume header'),
  E_CSV_PARSE: entry('feed', 'cannot-run', 'fix the quoting on the line named'),
  E_CSV_BAD_ROW: entry('feed', 'cannot-run', 'fix or remove the row named (file and line)'),
  E_CSV_EMPTY: entry('feed', 'cannot-run', 'give a CSV with at least one valid row'),
  E_CSV_SYMBOL: entry('feed', 'cannot-run', 'name one CSV file per symbol, or pass --symbols matching the files'),
  E_CSV_RANGE: entry('feed', 'cannot-run', 'give --from/--to as dates, from before to, that hold rows of every file'),
  E_NO_DATA: entry('feed', 'cannot-run', 'give the feed data for the first tick (check --from/--to and the files)'),
  // engine and strategies
  E_STRATEGY_EXISTS: entry('engine', 'cannot-run', 'register each strategy name once'),
  E_STRATEGY_OUTPUT: entry('engine', 'cannot-run', 'the strategy returned a target that is not a finite weight in [-1, 1]: fix the strategy'),
  E_STRATEGY_THREW: entry('engine', 'cannot-run', "the strategy's target() threw: fix it; the run keeps its whole ticks and resumes"),
  E_STRATEGY_LOAD: entry('engine', 'cannot-run', 'fix the --strategy-file named (path, syntax, what it exports)'),
  E_STRATEGY_WINDOW: entry('engine', 'cannot-run', "a strategy's window(params) must be a positive integer: fix the strategy or its params"),
  E_STRATEGY_CHANGED: entry('engine', 'cannot-run', 'give the strategy code the log recorded (same file, same sha256), or start a new run'),
  E_RESUME_MISMATCH: entry('engine', 'corrupt', 'resume with the config recorded in the run: tickfold run --resume DIR'),
  E_SESSION_ENDED: entry('engine', 'cannot-run', 'the session has ended: start a new run'),
  E_TICKS: entry('engine', 'cannot-run', 'give a finite --ticks for a virtual-clock run'),
  E_ENGINE_BUSY: entry('engine', 'bug', 'call run() once at a time per engine'),
  E_TICK_ORDER: entry('engine', 'bug', 'resume from the state the last tick left'),
  E_TICK_INPUT: entry('engine', 'bug', 'a feed must answer every configured symbol (a Fallback when it has nothing)'),
  E_EVENT_INVALID: entry('engine', 'corrupt', "an event does not match its schema: run 'tickfold verify' on the run it came from"),
  E_INVARIANT: entry('engine', 'corrupt', "a state broke a portfolio invariant: run 'tickfold verify'; if it is clean, report the run as a bug"),
  E_ENGINE_CONFIG: entry('engine', 'cannot-run', 'a config value drove the simulation out of range: lower it (see "Limits" in packages/cli/README.md)'),
  // the log
  E_LOG_FRAME: entry('log', 'corrupt', 'restore the run from a backup, or resume with --salvage to keep the events before the damage'),
  E_LOG_JSON: entry('log', 'corrupt', 'restore the run from a backup, or resume with --salvage to keep the events before the damage'),
  E_LOG_SEQ: entry('log', 'corrupt', 'restore the run from a backup, or resume with --salvage to keep the events before the damage'),
  E_LOG_HASH_MISMATCH: entry('log', 'corrupt', 'restore the run from a backup, or resume with --salvage to keep the events before the damage'),
  E_LOG_EVENT_INVALID: entry('log', 'corrupt', 'restore the run from a backup, or resume with --salvage to keep the events before the damage'),
  E_LOG_TICK: entry('log', 'corrupt', 'events were removed or reordered and the chain recomputed: restore the run from a backup'),
  E_LOG_ORDER: entry('log', 'corrupt', 'restore the run from a backup, or resume with --salvage to keep the events before the damage'),
  E_LOG_SEGMENT_MISSING: entry('log', 'corrupt', 'restore the missing segment, or resume with --salvage to continue from the events before it'),
  E_LOG_LOST: entry('log', 'corrupt', 'restore the log from a backup, or resume with --salvage (the lost ticks are run again)'),
  E_LOG_TORN_TAIL: entry('log', 'corrupt', 'a crash left a torn last line: tickfold run --resume DIR cuts it (kept in broken/)'),
  E_LOG_HEAD_MISMATCH: entry('log', 'corrupt', 'the log is not the one whose head was kept: compare it with the copy the head came from'),
  E_MANIFEST_INVALID: entry('run', 'corrupt', 'manifest.json is written once by createRun: restore it from a backup'),
  E_MANIFEST_MISMATCH: entry('run', 'corrupt', 'the log belongs to another run: put back the matching manifest or log'),
  E_SNAPSHOT_INVALID: entry('run', 'corrupt', 'snapshots are a cache: move the listed files out of snapshots/, or resume with --salvage'),
  // run directories
  E_RUN_NOT_FOUND: entry('run', 'cannot-run', "pass a run directory made by 'tickfold run' (see runs/); a crash before its manifest leaves nothing to resume: delete it"),
  E_RUN_EXISTS: entry('run', 'cannot-run', 'choose another --out, delete the directory, or continue it with --resume'),
  E_RUN_OPTIONS: entry('run', 'cannot-run', "cli-run.json is missing or invalid: resume runs made by 'tickfold run', or restore the file"),
  E_RUN_LOCKED: entry('run', 'cannot-run', 'wait for the writer named to finish (or stop it)'),
  E_RUN_LOCK_LOST: entry('run', 'cannot-run', 'another process may be writing: stop it and open the run again'),
  E_RUN_SYMLINK: entry('run', 'cannot-run', 'replace the link with the real file or directory, or copy the run without links (cp -rL)'),
  E_RUN_WRITER_FAILED: entry('run', 'cannot-run', 'fix the cause named (e.g. free disk space), then tickfold run --resume DIR'),
  E_RUN_CLOSED: entry('run', 'bug', 'the writer was closed: open the run again to write'),
  E_OPTION: entry('run', 'cannot-run', 'correct the store option named'),
  E_APPEND_SEQ: entry('run', 'bug', 'a writer must append at the next seq: report it with the run'),
  E_APPEND_ORDER: entry('run', 'bug', 'a log starts with SessionStarted and ends with SessionEnded: report it with the run'),
  E_APPEND_CHAIN: entry('run', 'bug', 'records must chain from the head of the log: report it with the run'),
  E_APPEND_INVALID: entry('run', 'bug', 'an event failed its schema before it was written: report it with the run'),
  // sweeps
  E_SWEEP_CHANGED: entry('run', 'cannot-run', 'resume a sweep with the inputs it was started with, or start a new sweep directory'),
  E_SWEEP_NOT_FOUND: entry('run', 'cannot-run', "pass a directory made by 'tickfold sweep'"),
  E_SWEEP_RUN_CHANGED: entry('run', 'corrupt', 'a finished run no longer matches its recorded head: delete its directory and resume the sweep to run it again'),
  // NATS JetStream (packages/nats/README.md, "Errors")
  E_NATS_URL: entry('nats', 'cannot-run', 'give --nats as nats://HOST:PORT'),
  E_NATS_UNREACHABLE: entry('nats', 'cannot-run', 'start nats-server -js and check the address; the run resumes from its last stored chunk'),
  E_NATS_NO_JETSTREAM: entry('nats', 'cannot-run', 'start nats-server with -js'),
  E_NATS_SCHEMA: entry('nats', 'cannot-run', 'use another server or account, or remove the old TICKFOLD_ streams'),
  E_NATS_RUN_ID: entry('nats', 'cannot-run', 'a run id is letters, digits, _ and -'),
  E_NATS_RUN_NOT_FOUND: entry('nats', 'cannot-run', 'check the run id'),
  E_NATS_NOT_A_CHUNK: entry('nats', 'corrupt', 'remove the message named (nats stream rmm TICKFOLD_RUNS SEQ) or use another run id'),
  E_NATS_CHUNK_SEQ: entry('nats', 'corrupt', 'the stored run cannot be trusted past that seq: run it again'),
  E_NATS_CHUNK_CHAIN: entry('nats', 'corrupt', 'the stored run cannot be trusted past that seq: run it again'),
  E_NATS_CHUNK_TICK: entry('nats', 'corrupt', 'the stored run cannot be trusted past that seq: run it again'),
  E_NATS_LOG_SHORT: entry('nats', 'corrupt', 'the stored log lost its tail: run it again'),
  E_NATS_APPEND_SEQ: entry('nats', 'bug', 'a writer must append at the next seq: report it with the run'),
  E_NATS_FENCED: entry('nats', 'cannot-run', 'another writer took the run: nothing to do, the worker gives it up'),
  E_NATS_MANIFEST_MISMATCH: entry('nats', 'corrupt', 'fetch with the tickfold version that wrote it, or run again'),
  E_NATS_SNAPSHOT_MISMATCH: entry('nats', 'corrupt', 'fetch with the tickfold version that wrote it, or run again'),
  E_NATS_JOB_INVALID: entry('nats', 'cannot-run', 'submit jobs with tickfold sweep --nats or submitJob'),
  // replay and report
  E_REPLAY_MISMATCH: entry('replay', 'corrupt', 'the log differs from what its inputs derive: it was changed, or written by another tickfold version'),
  E_REPLAY_ORDER: entry('replay', 'corrupt', "the log's events are out of order: run 'tickfold verify'"),
  E_REPLAY_NO_SESSION: entry('replay', 'corrupt', "the log does not start with SessionStarted: run 'tickfold verify'"),
  E_REPLAY_INCOMPLETE_TICK: entry('replay', 'corrupt', 'the tick named is incomplete in the middle of the log: restore it from a backup'),
  E_REPLAY_EMPTY: entry('replay', 'cannot-run', 'the log holds no complete session event yet: run or resume it first'),
  E_REPORT_NO_SESSION: entry('report', 'cannot-run', 'the log holds no SessionStarted yet: run or resume it first'),
  E_REPORT_SYMBOL: entry('report', 'corrupt', "an event names a symbol SessionStarted does not list: the log is damaged (tickfold verify names where)"),
  E_REPORT_TICK_ORDER: entry('report', 'corrupt', "a Heartbeat or fill is older than a Heartbeat before it: the log is damaged (tickfold verify names where)"),
  E_REPORT_EMPTY: entry('report', 'cannot-run', 'the run has no complete tick yet: run or resume it first'),
  E_REPORT_ASSETS: entry('report', 'cannot-run', "reinstall the CLI's dependencies (pnpm install)"),
  // anything else
  E_INTERNAL: entry('cli', 'bug', 'a bug in tickfold: please report it with the command you ran'),
} as const satisfies Record<string, CatalogEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(ERROR_CATALOG, code);
