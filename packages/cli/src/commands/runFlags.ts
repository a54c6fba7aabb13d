import type { RunDefaults } from './runDefaults.js';

/** One flag of `tickfold run` (and of `sweep` and `submit`, which take the same). */
export interface RunFlagSpec {
  /** As commander reads it: `--name <value>` takes a string, `--name` is a switch, `--no-name` turns a default-true switch off. */
  readonly option: string;
  /** The help line; a function of the defaults where it states one, so `--help` cannot drift from the code (runDefaults.ts). */
  readonly help: string | ((d: RunDefaults) => string);
  /** Given more than once, its values are collected into an array. */
  readonly repeatable?: true;
  /** Shapes a new session, so --resume refuses it: a resumed run keeps its recorded config. */
  readonly session?: true;
}

/**
 * The run flags, listed once: commander's options (runOptions.ts), the flags' types
 * (`RunCommandFlags`) and the flags `--resume` refuses (runSession.ts) all come from this table.
 * Keys are commander's attribute names (`--fee-bps` → feeBps, `--no-kill-switches` → killSwitches).
 */
export const RUN_FLAGS = {
  config: { option: '--config <file>', help: 'JSON config file (validated); flags override its values', session: true },
  feed: { option: '--feed <kind>', help: (d) => `synthetic | csv | yahoo (default: ${d.feed}; yahoo polls on the real clock)`, session: true },
  symbols: { option: '--symbols <list>', help: (d) => `comma-separated symbols (default: ${d.symbols}; with --csv: from the file names)`, session: true },
  csv: { option: '--csv <files>', help: 'comma-separated CSV files of daily bars (Yahoo download format); implies --feed csv', session: true },
  from: { option: '--from <date>', help: 'csv: first date to trade, YYYY-MM-DD (default: the first row)', session: true },
  to: { option: '--to <date>', help: 'csv: last date to trade, YYYY-MM-DD (default: the last row)', session: true },
  strict: { option: '--strict', help: 'csv: a bad row (not a number, high < low, out of order, …) is an error, not a warning', session: true },
  ticks: { option: '--ticks <n>', help: (d) => `total ticks to run (default: ${d.ticks}; csv: every bar)` },
  seed: { option: '--seed <n>', help: (d) => `seed of every random stream (default: ${d.seed})`, session: true },
  strategy: { option: '--strategy <list>', help: (d) => `momentum, mean-reversion, sma-cross, or strategies from --strategy-file; equal weights (default: ${d.strategies})`, session: true },
  strategyFile: { option: '--strategy-file <file>', help: 'ES module (.mjs, .js, .ts) exporting strategies; repeatable (one file with one strategy needs no --strategy)', repeatable: true },
  param: { option: '--param <name.key=value>', help: 'a strategy parameter, e.g. sma-cross.fast=10 or rsi-reversion.period=14; repeatable', repeatable: true, session: true },
  fast: { option: '--fast <n>', help: (d) => `sma-cross fast window (default: ${d.fast})`, session: true },
  slow: { option: '--slow <n>', help: (d) => `sma-cross slow window (default: ${d.slow})`, session: true },
  cash: { option: '--cash <n>', help: (d) => `starting cash per symbol (default: ${d.cash})`, session: true },
  feeBps: { option: '--fee-bps <n>', help: (d) => `fee per fill in basis points of notional (default: ${d.feeBps})`, session: true },
  slippageBps: { option: '--slippage-bps <n>', help: (d) => `slippage in basis points (default: ${d.slippageBps})`, session: true },
  fill: { option: '--fill <model>', help: (d) => `close | next-open (default: ${d.fill})`, session: true },
  sizing: { option: '--sizing <mode>', help: (d) => `fractional | whole shares (default: ${d.sizing})`, session: true },
  minBars: { option: '--min-bars <n>', help: (d) => `bars needed before trading (default: ${d.minBars}; csv: the strategies' window)`, session: true },
  maxDrawdown: { option: '--max-drawdown <fraction>', help: (d) => `kill switch: drawdown from the high-water mark, 0.2 or 20% (default: ${d.maxDrawdown}; csv: off)`, session: true },
  dailyLoss: { option: '--daily-loss <fraction>', help: (d) => `kill switch: loss in a UTC day, 0.05 or 5% (default: ${d.dailyLoss}; csv: off)`, session: true },
  killSwitches: { option: '--no-kill-switches', help: 'turn off the drawdown, daily-loss and feed-failure kill switches', session: true },
  yahooBaseUrl: { option: '--yahoo-base-url <url>', help: 'scheme and host of the Yahoo chart API (a proxy or a local test server)', session: true },
  interval: { option: '--interval <interval>', help: (d) => `yahoo: bar interval, e.g. 1m, 5m, 15m, 1d (default: ${d.interval})`, session: true },
  pollInterval: { option: '--poll-interval <duration>', help: (d) => `yahoo: time between polls, e.g. 60s, 5m (default: ${d.pollInterval})`, session: true },
  maxDataAge: { option: '--max-data-age <duration>', help: (d) => `reject bars older than this, e.g. 2h (default: ${d.maxDataAge.intraday} intraday, ${d.maxDataAge.daily} daily)`, session: true },
  out: { option: '--out <dir>', help: 'run directory to create (default: runs/<time>-seed<seed>); never overwritten', session: true },
  resume: { option: '--resume <dir>', help: 'continue an interrupted run from its directory alone' },
  salvage: { option: '--salvage', help: 'with --resume: keep the valid part of a damaged log and move the rest (and unproven snapshots) to broken/, saying what was dropped' },
  fsync: { option: '--fsync <when>', help: (d) => `tick (each tick on disk before the next), a duration like 200ms (at most that often) or close (once at the end) (default: ${d.fsync.live} for a live yahoo run, ${d.fsync.virtual} for csv and synthetic runs)` },
  threads: { option: '--threads <n>', help: '1 or 2: with 2 (the default for a csv or synthetic run on two cores or more) the log is hashed and written on a second thread while the engine runs; the log is the same' },
  json: { option: '--json', help: 'print one JSON summary document on stdout and nothing else' },
} as const satisfies Record<string, RunFlagSpec>;

type FlagValue<S> = S extends { readonly repeatable: true } ? readonly string[] : S extends { readonly option: `${string}<${string}>` } ? string : boolean;

/** `tickfold run` flags as commander hands them over: strings (arrays when repeatable) and switches, untouched; `applyRunFlags` checks them. */
export type RunCommandFlags = { readonly [K in keyof typeof RUN_FLAGS]?: FlagValue<(typeof RUN_FLAGS)[K]> };

/** The flag as a user types it, e.g. `--fee-bps`. */
export const flagName = (key: keyof typeof RUN_FLAGS): string => RUN_FLAGS[key].option.split(' ')[0]!;

/** The flags that shape a new session and were given: `--no-…` switches count only when turned off. */
export const sessionFlagsGiven = (flags: RunCommandFlags): (keyof typeof RUN_FLAGS)[] =>
  (Object.keys(RUN_FLAGS) as (keyof typeof RUN_FLAGS)[]).filter((k) => {
    const spec: RunFlagSpec = RUN_FLAGS[k];
    const value = flags[k];
    return spec.session === true && value !== undefined && !(spec.option.startsWith('--no-') && value === true);
  });
