import { Command, CommanderError } from 'commander';
import { TICKFOLD_VERSION, isTickfoldError } from '@tickfold/core';
import { EXIT, EXIT_HELP, exitCodeOf } from './exitCodes.js';
import { ioError, isErrnoError } from './io/ioError.js';
import { note, printJson, type Io } from './io.js';
import type { RunCommandFlags } from './commands/runCommand.js';
import type { SubmitFlags } from './commands/submitCommand.js';
import type { WorkerFlags } from './commands/workerCommand.js';
import { collect, runOptions } from './commands/runOptions.js';
import type { SweepFlags } from './sweep/sweepCommand.js';
import type { ExportFlags } from './commands/exportCommand.js';

const ERROR_HELP = `Errors print "tickfold: E_CODE: what was wrong, where, and how to fix it" on stderr
(and, with --json, { "error": { "code", "message", "details" } } on stdout).
The codes are listed in packages/cli/README.md.`;

/**
 * Builds the `tickfold` command tree, wired to `io`.
 *
 * @example await buildProgram(processIo(), (code) => (exitCode = code)).parseAsync(['verify', 'runs/x'], { from: 'user' })
 */
export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('tickfold')
    .description('Deterministic, event-sourced trading simulator (simulated trading only: no real orders).')
    .version(TICKFOLD_VERSION)
    .showSuggestionAfterError(true)
    .addHelpText('after', `\n${EXIT_HELP}\n\n${ERROR_HELP}`);
  const wire = (cmd: Command) =>
    cmd
      .exitOverride()
      .configureOutput({
        writeOut: (s) => io.stdout.write(s),
        writeErr: (s) => io.stderr.write(s),
        outputError: (s, write) => write(`tickfold: E_USAGE: ${s.replace(/^error: /, '')}`),
      });
  wire(program);

  runOptions(wire(program.command('run')).description('run a simulated session and record its event log'))
    .addHelpText('after', `\nExamples:\n  tickfold run\n  tickfold run --csv data/orcl.csv --strategy sma-cross --fast 10 --slow 30 --fill next-open --sizing whole --fee-bps 10\n  tickfold run --resume runs/20260124-101500-seed42\n\n${EXIT_HELP}`)
    .action(async (flags: RunCommandFlags) => setExit(await (await import('./commands/runCommand.js')).runCommand(flags, io)));

  runOptions(wire(program.command('sweep')).description('run every combination of a parameter grid on all cores, each an ordinary run, and rank them'))
    .option('--grid <name.key=v1,v2,...>', 'values of one strategy parameter; repeatable (the cartesian product), e.g. --grid sma-cross.fast=5,10,20', collect)
    .option('--grid-file <file>', 'the grid as JSON: { "sma-cross": { "fast": [5, 10], "slow": [30, 50] } }')
    .option('--seeds <list>', 'seeds to run each combination with, e.g. 1,2,3 (they multiply)')
    .option('--workers <n>', 'worker threads (default: every core)')
    .option('--worker-memory <mb>', 'heap limit of each worker thread in MB (default: 1024)')
    .option('--rank <metric>', 'total-return (default), cagr, sharpe, sortino, max-drawdown, trades, win-rate')
    .option('--csv-out <file>', 'also write the ranked results as CSV here (always in DIR/results.csv)')
    .option('--nats <url>', "run the combinations as jobs on NATS JetStream ('tickfold worker --nats URL' processes take them), then fetch each into DIR/runs/<id>")
    .addHelpText('after', `\nSeveral --symbols or --csv files multiply too: each run has one symbol. --out is the sweep's
directory (default sweeps/<time>); each combination is an ordinary run in DIR/runs/<id>, the id a
hash of its inputs. --resume DIR continues a sweep that was stopped or killed.

Examples:
  tickfold sweep --csv data/orcl.csv --strategy sma-cross --grid sma-cross.fast=5,10,20 --grid sma-cross.slow=30,50,100 --rank sharpe
  tickfold sweep --strategy-file strategies/rsi-reversion.mjs --grid rsi-reversion.period=7,14,21 --seeds 1,2,3 --json
  tickfold sweep --resume sweeps/20260124-101500
  tickfold sweep --strategy sma-cross --grid sma-cross.fast=5,10 --seeds 1,2 --nats nats://127.0.0.1:4222

${EXIT_HELP}`)
    .action(async (flags: SweepFlags) => setExit(await (await import('./sweep/sweepCommand.js')).sweepCommand(flags, io)));

  wire(program.command('replay <run>'))
    .description('re-derive every derived event from the recorded inputs and check it against the log')
    .option('--until <point>', 'stop at a seq (e.g. 500) or a tick (tick:40)')
    .option('--strategy-file <file>', "load the run's strategies from this file instead of the recorded path (repeatable; the code hash must match)", collect)
    .option('--threads <n>', 'threads that read the log, 1 or 2 (default: 2, a second thread reading and hashing ahead of the replay, with two cores or more and 16 MiB of log; 1 reads it on one); the result is the same')
    .option('--json', 'print one JSON summary document')
    .action(async (run: string, flags: { until?: string; json?: boolean; strategyFile?: string[]; threads?: string }) => setExit(await (await import('./commands/replayCommand.js')).replayCommand(run, flags, io)));

  wire(program.command('verify <run>'))
    .description('check schemas, seq continuity, the hash chain and snapshots (exit 0 clean, 1 corrupt, 2 cannot run)')
    .option('--head <hash>', "the head 'tickfold run' printed, kept elsewhere: the log must end in it (or SEQ:HASH: pass through it at SEQ)")
    .option('--threads <n>', 'threads that read the log (default: one per core free when it starts; 1 reads it in one scan); the report is the same')
    .option('--json', 'print one JSON document')
    .action(async (run: string, flags: { json?: boolean; head?: string; threads?: string }) => setExit(await (await import('./commands/verifyCommand.js')).verifyCommand(run, flags, io)));

  wire(program.command('diff <runA> <runB>'))
    .description('compare two runs: identical (exit 0) or the first differing seq and fields (exit 1)')
    .option('--json', 'print one JSON document')
    .action(async (a: string, b: string, flags: { json?: boolean }) => setExit(await (await import('./commands/diffCommand.js')).diffCommand(a, b, flags, io)));

  wire(program.command('inspect <run>'))
    .description('list events as a table, JSON (--json) or JSON lines (--jsonl)')
    .option('--type <types>', 'only these event types, comma-separated (e.g. OrderFilled,KillSwitchTripped)')
    .option('--symbol <symbol>', 'only events about this symbol')
    .option('--from <seq>', 'start at this seq')
    .option('--limit <n>', 'at most this many events (default: 100 for the table, all for --json/--jsonl)')
    .option('--json', 'print one JSON document { run, events }')
    .option('--jsonl', 'print each event as one canonical JSON line')
    .action(async (run: string, flags: Record<string, string | boolean | undefined>) => setExit(await (await import('./commands/inspectCommand.js')).inspectCommand(run, flags, io)));

  wire(program.command('report <run>'))
    .description('write a self-contained HTML report: equity, drawdown, prices with fills, per-symbol stats, trades')
    .option('--out <file>', 'HTML file to write (default: <run>/report.html)')
    .option('--json', 'print the computed stats as one JSON document')
    .action(async (run: string, flags: { out?: string; json?: boolean }) => setExit(await (await import('./commands/reportCommand.js')).reportCommand(run, flags, io)));

  wire(program.command('worker'))
    .description('take run jobs from NATS JetStream one at a time (sweep --nats submits them); Ctrl-C to leave')
    .requiredOption('--nats <url>', 'NATS server with JetStream, e.g. nats://127.0.0.1:4222')
    .option('--work-dir <dir>', 'where the worker keeps its local copy of the run it works on (default: a new temp directory)')
    .option('--ack-wait <duration>', "how long a job may go without the worker's heartbeat before another worker takes it (sets the shared consumer; default 30s)")
    .option('--max-jobs <n>', 'leave after this many jobs')
    .action(async (flags: WorkerFlags) => setExit(await (await import('./commands/workerCommand.js')).workerCommand(flags, io)));

  runOptions(wire(program.command('submit')))
    .description('submit one run (a backtest or a live-polling session) as a job for tickfold worker processes')
    .requiredOption('--nats <url>', 'NATS server with JetStream, e.g. nats://127.0.0.1:4222')
    .option('--id <run id>', 'the run id (default: <time>-seed<seed>); submitting an id again is a no-op')
    .action(async (flags: SubmitFlags) => setExit(await (await import('./commands/submitCommand.js')).submitCommand(flags, io)));

  wire(program.command('fetch <run> <dir>'))
    .description('write a run stored in NATS JetStream into a new run directory, byte for byte as a local run (verify/replay/diff/report work on it)')
    .requiredOption('--nats <url>', 'NATS server with JetStream, e.g. nats://127.0.0.1:4222')
    .option('--json', 'print one JSON document')
    .action(async (run: string, dir: string, flags: { nats: string; json?: boolean }) => setExit(await (await import('./commands/fetchCommand.js')).fetchCommand(run, dir, flags, io)));
  wire(program.command('export <run>'))
    .description('write round trips (--trades) or per-tick equity (--equity) as CSV, for pandas or a spreadsheet')
    .option('--trades', 'one row per round trip: entry, exit, holding time, P&L, return, fees, causes')
    .option('--equity', 'one row per tick and symbol: equity, position, close, drawdown, buy-and-hold')
    .option('--out <file>', 'CSV file to write (default: stdout)')
    .option('--json', 'with --out: print { run, kind, out, rows }')
    .addHelpText('after', '\nExamples:\n  tickfold export runs/a --trades --out trades.csv\n  tickfold export runs/a --equity > equity.csv')
    .action(async (run: string, flags: ExportFlags) => setExit(await (await import('./commands/exportCommand.js')).exportCommand(run, flags, io)));

  return program;
}

/** The chain of causes under an error, one "  cause:" line each. */
function causes(e: Error): string {
  let out = '';
  for (let c = e.cause, depth = 0; c !== undefined && depth < 5; c = (c as Error)?.cause, depth++) out += `\n  cause: ${(c as Error)?.message ?? String(c)}`;
  return out;
}

/**
 * Runs the CLI on `argv` (without node and script) and resolves to the exit code.
 *
 * @example process.exitCode = await main(process.argv.slice(2), processIo());
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let exitCode: number = EXIT.ok;
  const json = argv.includes('--json');
  try {
    await buildProgram(io, (code) => (exitCode = code)).parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (thrown) {
    const e = isErrnoError(thrown) ? ioError(thrown) : thrown;
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return EXIT.ok;
      if (json) printJson(io, { error: { code: 'E_USAGE', message: e.message.replace(/^error: /, ''), details: { commander: e.code } } });
      return EXIT.cannotRun;
    }
    if (isTickfoldError(e)) {
      note(io, `tickfold: ${e.message}${causes(e)}`);
      if (json) printJson(io, { error: { code: e.code, message: e.message, details: e.details, fix: e.entry.fix, ...(e.cause ? { cause: String((e.cause as Error).message ?? e.cause) } : {}) } });
    } else {
      const overflow = e instanceof RangeError && /call stack/.test(e.message) ? '\n(A stack overflow: an input nested too deeply may have caused it.)' : '';
      note(io, `tickfold: E_INTERNAL: ${(e as Error)?.stack ?? String(e)}${overflow}\nThis is a bug in tickfold; please report it with the command you ran.`);
      if (json) printJson(io, { error: { code: 'E_INTERNAL', message: String((e as Error)?.message ?? e), details: {} } });
    }
    return exitCodeOf(e, argv.find((a) => !a.startsWith('-')));
  }
}
