import { TickfoldError, createEngine, isTickfoldError, type EngineSink, type RunResult } from '@tickfold/core';
import { readRun } from '@tickfold/event-store';
import { createMetricsTracker, metricsOfRecords } from '../metrics/index.js';
import { note, printJson, printLine, type Io } from '../io.js';
import { createProgress } from '../output/progress.js';
import { summarize } from '../output/summary.js';
import { summaryText } from '../output/table.js';
import { terminalOf } from '../output/terminal.js';
import { EXIT } from '../exitCodes.js';
import { ioError, isErrnoError } from '../io/ioError.js';
import { boundHeapGrowth } from '../heap.js';
import { reopen, startNew, type RunCommandFlags } from './runSetup.js';

export type { RunCommandFlags } from './runSetup.js';

const TITLES: Readonly<Record<RunResult['reason'], string>> = {
  completed: 'run completed',
  'data-exhausted': 'run ended, the data ran out',
  'all-halted': 'run ended, every symbol halted by a kill switch',
  stopped: 'stopped (resumable)',
};

/**
 * `tickfold run`: a new session (or `--resume DIR`) with the event log on disk, a progress bar on
 * a terminal, Ctrl-C to stop cleanly, and the summary at the end.
 */
export async function runCommand(flags: RunCommandFlags, io: Io): Promise<number> {
  boundHeapGrowth();
  const session = flags.resume === undefined ? await startNew(flags, io) : await reopen(flags, io);
  const { feed } = session;
  // Metrics need the whole log: a resumed run's recorded part first, then every event as it is written.
  const tracker = createMetricsTracker();
  if (session.resume) metricsOfRecords(readRun(session.dir), tracker);
  const progress = createProgress({
    enabled: !flags.json && io.stderr.isTTY === true,
    stream: io.stderr,
    label: 'run',
    total: session.options.ticks,
    unit: 'ticks',
  });
  // One sink beside the log's: the metrics, a warning for every row a file-backed feed dropped
  // (said on stderr as it is logged) and the progress bar. A sink rather than subscriptions to
  // the engine's streams, which cost a closure per event even in a backtest that shows nothing.
  const tracking: EngineSink = {
    write: (records, state) => {
      // An index loop: the engine's batches are frozen, and for-of over a frozen array allocates per element.
      for (let i = 0; i < records.length; i++) {
        const event = records[i]!.event;
        tracker.push(event);
        if (event.type === 'BarReceived' && event.data.problems) {
          for (const p of event.data.problems) note(io, `tickfold: warning: ${p.file}:${p.line}: ${p.reason} (row dropped; --strict makes this an error)`);
        }
      }
      progress.update(state.tick);
    },
  };
  // A log written on the writer thread hashes there: the engine defers its hashing to it.
  const hashing = session.sink.threaded ? 'deferred' : 'eager';
  const engine = createEngine(session.config, { feed, sinks: [session.sink, tracking], registry: session.registry, resume: session.resume, hashing });
  let interrupts = 0;
  let finishing = false;
  const removeHandler = io.onInterrupt(() => {
    interrupts += 1;
    if (interrupts === 1) {
      engine.stop();
      // On the real clock the engine notices at the next poll; say so rather than look hung.
      if (session.config.clock.mode === 'real') note(io, `tickfold: stopping at the next poll (within ${session.config.clock.stepMs / 1000} s); Ctrl-C again to leave now`);
      return;
    }
    // The engine has stopped: the snapshot and summary follow in a moment, and leaving now would lose them.
    if (finishing) return;
    // Appends are synchronous, so between two of them every finished tick is already in the log.
    session.sink.close();
    note(io, `tickfold: left before the current tick ended; continue with: tickfold run --resume ${session.dir}`);
    io.exit(EXIT.interrupted);
  });
  // Installed until the end: a Ctrl-C while the snapshot is written must not kill the process.
  try {
    let result: RunResult;
    try {
      result = await engine.run({ ticks: session.options.ticks });
    } catch (e) {
      // Whole ticks already written stay valid; release the run so it can be inspected or resumed.
      try {
        session.sink.close();
      } catch {
        // the original error is the one worth reporting
      }
      // A full disk or a vanished directory is the run's store failing, not a bug: say how to go on.
      if (isErrnoError(e)) throw ioError(e, 'E_RUN_WRITER_FAILED', `writing run ${session.dir} stopped; every whole tick before it is on disk; `);
      // The engine validates what it makes: a value out of range here comes from the config (or the data), not from a damaged log.
      if (isTickfoldError(e) && (e.code === 'E_EVENT_INVALID' || e.code === 'E_INVARIANT')) {
        throw new TickfoldError('E_ENGINE_CONFIG', `the simulation of run ${session.dir} produced a value out of range (${e.code}); the config's numbers (cash, prices, clock step, strategy parameters) drove it past what the engine supports: lower them (see "Limits" in packages/cli/README.md); the ticks before are on disk`, { dir: session.dir }, { cause: e });
      }
      throw e;
    } finally {
      progress.stop();
      finishing = true;
      await feed.close?.();
    }
    session.sink.close({ state: result.state, head: result.head });
    const summary = summarize(session.dir, result.state, result.head, tracker.metrics()!);
    if (flags.json) printJson(io, summary);
    else printLine(io, summaryText(summary, TITLES[result.reason], terminalOf(io.stdout, io.env)));
    if (result.reason !== 'stopped') return EXIT.ok;
    note(io, `tickfold: interrupted at tick ${result.ticks}; continue with: tickfold run --resume ${session.dir}`);
    return EXIT.interrupted;
  } finally {
    removeHandler();
  }
}
