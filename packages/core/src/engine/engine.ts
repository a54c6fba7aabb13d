import {
  Observable, Subject, asyncScheduler, catchError, concatMap, defaultIfEmpty, defer, exhaustMap, forkJoin, from, isObservable,
  lastValueFrom, map, of, take, takeUntil, takeWhile, timer, type SchedulerLike,
} from 'rxjs';
import { TickfoldError } from '../errors.js';
import { configHash, resolveConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { GENESIS_HASH } from '../chain/hash.js';
import { eagerChain, hashOf, sealRecords, type EventRecord } from '../chain/record.js';
import { DeferredChain, chainPoint } from '../chain/deferred.js';
import { serializeEvent } from '../chain/serialize.js';
import { decideContext, type DecideContext } from '../decide/context.js';
import { endSession, startSession } from '../decide/sessionBounds.js';
import { stepTick, type TickInput, type TickResult } from '../decide/tick.js';
import type { SessionEndReason } from '../events/index.js';
import { isoOfMs } from '../events/bar.js';
import { initialState } from '../state/initial.js';
import { assertInvariants } from '../state/invariants.js';
import type { State } from '../state/types.js';
import type { StrategyRegistry } from '../strategies/registry.js';
import type { RandomSource } from '../random/seeded.js';
import type { Feed, Observation, PollRequest } from './feed.js';

/** Receives each tick's records, in order, after they are decided and before the next tick. */
export interface EngineSink {
  write(records: readonly EventRecord[], state: State): void | PromiseLike<void>;
}

export interface EngineDeps {
  readonly feed: Feed;
  /** Drives ticks (real mode), yields (virtual mode) and feed backoff. Default: asyncScheduler. */
  readonly scheduler?: SchedulerLike;
  readonly sinks?: readonly EngineSink[];
  readonly registry?: StrategyRegistry;
  readonly random?: RandomSource;
  /** Continue a recovered session: its state and head hash. */
  readonly resume?: { readonly state: State; readonly head: string };
  /** Virtual mode: give the event loop a turn every this many ticks (so signals like Ctrl-C get through). */
  readonly yieldEvery?: number;
  /**
   * 'eager' (default): each record's hash is computed as the tick is chained. 'deferred': records
   * get their hash when first read, or from a sink that hashes them elsewhere (the event store's
   * writer thread, see attachHash); same records, same head, no hashing on this thread unless asked.
   * A deferred record's `hash` is a getter (see EventRecord) that may wait for that sink, or throw
   * the error that stopped it; the engine's `head` too.
   */
  readonly hashing?: 'eager' | 'deferred';
}

export type RunEnd = SessionEndReason | 'stopped';

export interface RunResult {
  readonly reason: RunEnd;
  readonly state: State;
  readonly head: string;
  readonly events: number;
  readonly ticks: number;
}

export interface Engine {
  readonly config: Config;
  readonly context: DecideContext;
  /** Every event record, in seq order, as it is decided. */
  readonly events$: Observable<EventRecord>;
  /** The state after SessionStarted and after every tick. */
  readonly state$: Observable<State>;
  readonly head: string;
  /** Runs until tick `ticks` (a total, so a resumed run stops where the uninterrupted one would), the data ends, or stop(). */
  run(options: { readonly ticks: number }): Promise<RunResult>;
  /** Finishes the current tick, then stops without ending the session: it can be resumed. */
  stop(): void;
}

const isPromiseLike = (x: unknown): x is PromiseLike<unknown> => typeof (x as PromiseLike<unknown> | null)?.then === 'function';

/**
 * A turn of the event loop, so that signal handlers (Ctrl-C) run during a long virtual-time run.
 * Not on the injected scheduler: a VirtualTimeScheduler would only run it on flush().
 */
const macrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A resumed state must come from a running session of this very config. */
function checkResume(state: State, config: Config, windowSize: number): void {
  const hash = configHash(config);
  const problems = [
    state.status !== 'running' && `its status is '${state.status}', not 'running'`,
    state.configHash !== hash && `it was made with config ${state.configHash?.slice(0, 12) ?? 'none'}…, not ${hash.slice(0, 12)}…`,
    state.windowSize !== windowSize && `its bar window is ${state.windowSize}, the config needs ${windowSize}`,
    Object.keys(state.symbols).sort().join(',') !== config.symbols.join(',') && `its symbols are ${Object.keys(state.symbols).sort().join(',')}, the config has ${config.symbols.join(',')}`,
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length > 0) {
    throw new TickfoldError('E_RESUME_MISMATCH', `cannot resume this state with this config: ${problems.join('; ')}. Resume with the config recorded in the run (tickfold run --resume DIR does that).`, { problems });
  }
}

/**
 * Wires a feed, the pure core and sinks into an RxJS pipeline.
 *
 * @example const result = await createEngine({ seed: 7 }, { feed }).run({ ticks: 100 });
 */
export function createEngine(configInput: unknown, deps: EngineDeps): Engine {
  const config = resolveConfig(configInput);
  const ctx = decideContext(config, deps.registry, deps.random);
  const scheduler = deps.scheduler ?? asyncScheduler;
  const sinks = deps.sinks ?? [];
  const yieldEvery = Math.max(1, deps.yieldEvery ?? 64);
  const events$ = new Subject<EventRecord>();
  if (deps.resume) checkResume(deps.resume.state, config, ctx.windowSize);
  let state = deps.resume?.state ?? initialState(config, ctx.windowSize);
  const chain = deps.hashing === 'deferred' ? new DeferredChain() : eagerChain;
  /** The head after the last record committed (that record while its hash is deferred), or the head the engine started from. */
  let tip: EventRecord | string = deps.resume?.head ?? GENESIS_HASH;
  // state$ behaves as a BehaviorSubject (the state now, then each new one) without one: its next()
  // costs a closure and an array per tick even with no one listening, and a CLI run has no one.
  const stateChanges$ = new Subject<State>();
  const state$ = new Observable<State>((subscriber) => {
    subscriber.next(state);
    return stateChanges$.subscribe(subscriber);
  });
  let stopping = false;
  const stop$ = new Subject<void>();
  let running = false;

  const startMs = Date.parse(config.clock.start);
  const timeOf = (tick: number): number | undefined => {
    if (config.clock.mode === 'real') return scheduler.now();
    return deps.feed.timeOf ? deps.feed.timeOf(tick) : startMs + (tick - 1) * config.clock.stepMs;
  };

  /**
   * Checks, chains and hands a tick to the sinks; the engine's state moves only once they have it.
   * Returns a promise only when a sink's write does.
   */
  const commit = (result: TickResult): void | Promise<void> => {
    assertInvariants(result.state, config.broker.maxPosition);
    const records = sealRecords(chain.extend(tip, result.events, serializeEvent), tip);
    const apply = () => {
      state = result.state;
      if (records.length > 0) tip = chainPoint(records[records.length - 1]!);
      // Subject#next costs a closure per call even with no one listening (a CLI run has no listener).
      if (events$.observed) for (let i = 0; i < records.length; i++) events$.next(records[i]!);
      if (stateChanges$.observed) stateChanges$.next(state);
    };
    let pending: PromiseLike<void>[] | null = null;
    // Index loops: for-of over a frozen array (the sealed batch, the config's symbols) allocates per element.
    for (let i = 0; i < sinks.length; i++) {
      const w = sinks[i]!.write(records, result.state);
      if (isPromiseLike(w)) (pending ??= []).push(w);
    }
    if (pending) return Promise.all(pending).then(apply);
    apply();
  };

  /** An observation for a poll that failed: the tick goes on with a Fallback. */
  const failed = (e: unknown): Observation => ({ kind: 'fallback', reason: 'source-error', message: `feed '${deps.feed.name}' failed: ${(e as Error)?.message ?? String(e)}`, attempts: 1 });

  /** Whatever a feed does — throw, reject, error, complete empty — the tick gets an observation. */
  const poll = (request: PollRequest): Observable<Observation> | Observation => {
    try {
      const out = deps.feed.poll(request);
      if (isPromiseLike(out) || isObservable(out)) {
        return from(out).pipe(
          take(1),
          defaultIfEmpty(failed(new Error('the poll completed without an observation'))),
          catchError((e: unknown) => of(failed(e))),
        );
      }
      return out;
    } catch (e) {
      return failed(e);
    }
  };

  /** The tick's input, at once when every symbol's poll answered synchronously (CSV, synthetic). */
  const pollAll = (tick: number, timeMs: number): TickInput | Observable<TickInput> => {
    const time = isoOfMs(timeMs);
    const answers: (Observation | Observable<Observation>)[] = [];
    let waiting = false;
    for (let i = 0; i < config.symbols.length; i++) {
      const symbol = config.symbols[i]!;
      const r = poll({ symbol, tick, time, timeMs, lastBarTime: state.symbols[symbol]!.lastBarTime, scheduler });
      waiting ||= isObservable(r);
      answers.push(r);
    }
    const assemble = (obs: readonly Observation[]): TickInput => {
      const observations: Record<string, Observation> = {};
      for (let i = 0; i < config.symbols.length; i++) observations[config.symbols[i]!] = obs[i]!;
      return { tick, time, observations };
    };
    if (!waiting) return assemble(answers as Observation[]);
    return forkJoin(answers.map((r) => (isObservable(r) ? r : of(r)))).pipe(map(assemble));
  };

  const allHalted = (): boolean => {
    for (let i = 0; i < config.symbols.length; i++) {
      const halt = state.symbols[config.symbols[i]!]!.halt;
      if (halt === null || halt.until !== null) return false;
    }
    return true;
  };

  type Step = 'go' | 'stop' | 'halted' | 'exhausted' | 'done';
  const endOf: Record<Exclude<Step, 'go' | 'done'>, RunEnd> = { stop: 'stopped', halted: 'all-halted', exhausted: 'data-exhausted' };

  const step = (input: TickInput): Step | Observable<Step> => {
    const written = commit(stepTick(state, input, ctx));
    return written ? from(written.then((): Step => 'go')) : 'go';
  };
  const observe = (s: Step | Observable<Step>): Observable<Step> => (typeof s === 'string' ? of(s) : s);

  /**
   * One tick, or the reason there is none. Tick numbers come from the state, so a dropped timer
   * beat leaves no gap. A plain value when the feed and the sinks answer synchronously (CSV,
   * synthetic), so a backtest's tick costs the same at tick 1 and at tick 1,000,000.
   */
  const next = (ticks: number): Step | Observable<Step> => {
    if (stopping) return 'stop';
    if (allHalted()) return 'halted';
    const tick = state.tick + 1;
    if (tick > ticks) return 'done';
    const timeMs = timeOf(tick);
    if (timeMs === undefined) return 'exhausted';
    const input = pollAll(tick, timeMs);
    return isObservable(input) ? input.pipe(concatMap((i) => observe(step(i)))) : step(input);
  };

  /** Virtual time: `count` ticks back to back, with a turn of the event loop every `yieldEvery`. */
  async function runVirtual(count: number, ticks: number): Promise<Step> {
    let last: Step = 'done';
    for (let i = 0; i < count; i++) {
      if (i % yieldEvery === yieldEvery - 1) await macrotask();
      const s = next(ticks);
      last = typeof s === 'string' ? s : await lastValueFrom(s);
      if (last !== 'go') break;
    }
    return last;
  }

  /**
   * Real time: one tick per beat of the clock; a beat that comes while a tick is still polling is
   * dropped rather than queued, so a slow source never causes a burst.
   */
  const runReal = (ticks: number): Promise<Step> =>
    lastValueFrom(
      timer(0, config.clock.stepMs, scheduler).pipe(
        takeUntil(stop$),
        exhaustMap(() => defer(() => observe(next(ticks)))),
        takeWhile((s) => s === 'go', true),
      ),
      { defaultValue: 'done' as Step },
    );

  async function run({ ticks }: { readonly ticks: number }): Promise<RunResult> {
    if (running) throw new TickfoldError('E_ENGINE_BUSY', 'run() is already in progress on this engine');
    if (state.status === 'ended') throw new TickfoldError('E_SESSION_ENDED', `the session ended at tick ${state.tick}; start a new run instead of resuming it`);
    if (config.clock.mode === 'virtual' && !Number.isFinite(ticks)) {
      throw new TickfoldError('E_TICKS', 'a virtual-clock run needs a finite number of ticks');
    }
    running = true;
    try {
      if (state.status === 'new') {
        const t0 = timeOf(1);
        if (t0 === undefined) throw new TickfoldError('E_NO_DATA', `feed '${deps.feed.name}' has no data for the first tick`);
        await commit(startSession(state, ctx, new Date(t0).toISOString()));
      }
      const last = config.clock.mode === 'real' ? await runReal(ticks) : await runVirtual(Math.max(0, ticks - state.tick), ticks);
      // On the real clock a stop() ends the wait for the next beat at once (takeUntil above).
      const stoppedEarly = stopping && state.tick < ticks;
      const end: RunEnd = stoppedEarly ? 'stopped' : last === 'go' || last === 'done' ? 'completed' : endOf[last];
      if (end !== 'stopped') await commit(endSession(state, end, state.time ?? config.clock.start));
      return { reason: end, state, head: hashOf(tip), events: state.seq, ticks: state.tick };
    } finally {
      running = false;
      stopping = false;
    }
  }

  return {
    config,
    context: ctx,
    events$: events$.asObservable(),
    state$,
    get head() {
      return hashOf(tip);
    },
    run,
    stop: () => {
      stopping = true;
      stop$.next();
    },
  };
}
