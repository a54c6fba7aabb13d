import type { Command } from 'commander';
import { runDefaults } from './runDefaults.js';

/** Commander's accumulator for a repeatable option. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The flags of `tickfold run`; values stay strings here and are checked by applyRunFlags. Defaults come from runDefaults. */
export function runOptions(cmd: Command): Command {
  const d = runDefaults();
  return cmd
    .option('--config <file>', 'JSON config file (validated); flags override its values')
    .option('--feed <kind>', `synthetic | csv | yahoo (default: ${d.feed}; yahoo polls on the real clock)`)
    .option('--symbols <list>', `comma-separated symbols (default: ${d.symbols}; with --csv: from the file names)`)
    .option('--csv <files>', 'comma-separated CSV files of daily bars (Yahoo download format); implies --feed csv')
    .option('--from <date>', 'csv: first date to trade, YYYY-MM-DD (default: the first row)')
    .option('--to <date>', 'csv: last date to trade, YYYY-MM-DD (default: the last row)')
    .option('--strict', 'csv: a bad row (not a number, high < low, out of order, …) is an error, not a warning')
    .option('--ticks <n>', `total ticks to run (default: ${d.ticks}; csv: every bar)`)
    .option('--seed <n>', `seed of every random stream (default: ${d.seed})`)
    .option('--strategy <list>', `momentum, mean-reversion, sma-cross, or strategies from --strategy-file; equal weights (default: ${d.strategies})`)
    .option('--strategy-file <file>', 'ES module (.mjs, .js, .ts) exporting strategies; repeatable (one file with one strategy needs no --strategy)', collect)
    .option('--param <name.key=value>', 'a strategy parameter, e.g. sma-cross.fast=10 or rsi-reversion.period=14; repeatable', collect)
    .option('--fast <n>', `sma-cross fast window (default: ${d.fast})`)
    .option('--slow <n>', `sma-cross slow window (default: ${d.slow})`)
    .option('--cash <n>', `starting cash per symbol (default: ${d.cash})`)
    .option('--fee-bps <n>', `fee per fill in basis points of notional (default: ${d.feeBps})`)
    .option('--slippage-bps <n>', `slippage in basis points (default: ${d.slippageBps})`)
    .option('--fill <model>', `close | next-open (default: ${d.fill})`)
    .option('--sizing <mode>', `fractional | whole shares (default: ${d.sizing})`)
    .option('--min-bars <n>', `bars needed before trading (default: ${d.minBars}; csv: the strategies' window)`)
    .option('--max-drawdown <fraction>', `kill switch: drawdown from the high-water mark, 0.2 or 20% (default: ${d.maxDrawdown}; csv: off)`)
    .option('--daily-loss <fraction>', `kill switch: loss in a UTC day, 0.05 or 5% (default: ${d.dailyLoss}; csv: off)`)
    .option('--no-kill-switches', 'turn off the drawdown, daily-loss and feed-failure kill switches')
    .option('--yahoo-base-url <url>', 'scheme and host of the Yahoo chart API (a proxy or a local test server)')
    .option('--interval <interval>', `yahoo: bar interval, e.g. 1m, 5m, 15m, 1d (default: ${d.interval})`)
    .option('--poll-interval <duration>', `yahoo: time between polls, e.g. 60s, 5m (default: ${d.pollInterval})`)
    .option('--max-data-age <duration>', `reject bars older than this, e.g. 2h (default: ${d.maxDataAge.intraday} intraday, ${d.maxDataAge.daily} daily)`)
    .option('--out <dir>', 'run directory to create (default: runs/<time>-seed<seed>); never overwritten')
    .option('--resume <dir>', 'continue an interrupted run from its directory alone')
    .option('--salvage', 'with --resume: keep the valid part of a damaged log and move the rest (and unproven snapshots) to broken/, saying what was dropped')
    .option('--fsync <when>', `tick (each tick on disk before the next), a duration like 200ms (at most that often) or close (once at the end) (default: ${d.fsync.live} for a live yahoo run, ${d.fsync.virtual} for csv and synthetic runs)`)
    .option('--json', 'print one JSON summary document on stdout and nothing else');
}
