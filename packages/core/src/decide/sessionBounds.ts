import { sortedRecord } from '../chain/canonical.js';
import { configHash } from '../config/load.js';
import type { SessionEndReason, SessionStarted, StrategyRecord, Unsequenced } from '../events/index.js';
import type { Config } from '../config/schema.js';
import type { DecideContext } from './context.js';
import { TickfoldError } from '../errors.js';
import { validateEvent } from '../events/validate.js';
import { evolve } from '../state/evolve.js';
import { deepFreeze, initialState } from '../state/initial.js';
import type { State } from '../state/types.js';
import { FORMAT_VERSION, TICKFOLD_VERSION } from '../version.js';
import { sequenced, type TickResult } from './tick.js';

/** The event, numbered after `state`, frozen and checked against its schema (once per session). */
function numbered(state: State, partial: Record<string, unknown>) {
  const event = deepFreeze(sequenced(partial as Unsequenced, state.seq + 1));
  validateEvent(event);
  return event;
}

function single(state: State, partial: Record<string, unknown>): TickResult {
  const event = numbered(state, partial);
  return { state: evolve(state, event), events: [event] };
}

/** What SessionStarted records of each strategy (keys in canonical order). */
export const strategyRecords = (ctx: DecideContext): StrategyRecord[] =>
  ctx.strategies.map((r) => ({ name: r.strategy.name, origin: r.origin, params: sortedRecord(r.params), sha256: r.sha256, weight: r.weight, window: r.window }));

/**
 * The first event of a session: the full config, its hash, each strategy's params and code hash,
 * and the versions that ran it. The state after it is `beginSession`'s, as a reader of the log
 * gets it: the engine, the replayer and recovery start a session in that one place.
 */
export function startSession(state: State, ctx: DecideContext, time: string): TickResult {
  const event = numbered(state, {
    type: 'SessionStarted',
    tick: 0,
    time,
    data: {
      config: ctx.config,
      configHash: configHash(ctx.config),
      strategies: strategyRecords(ctx),
      versions: { format: FORMAT_VERSION, tickfold: TICKFOLD_VERSION },
      windowSize: ctx.windowSize,
    },
  }) as SessionStarted;
  return { state: beginSession(ctx.config, event), events: [event] };
}

/**
 * The state right after a recorded SessionStarted: what a reader folds the rest of a log onto.
 * Its window size is the one the event records, so reading a run never loads strategy code.
 * The one home of this step: the engine (through `startSession`), the replayer and recovery
 * (event-store run/recover.ts); sessionBounds.spec.ts holds it equal to a plain fold.
 */
export const beginSession = (config: Config, started: SessionStarted): State => evolve(initialState(config, started.data.windowSize), started);

export const endSession = (state: State, reason: SessionEndReason, time: string): TickResult =>
  single(state, { type: 'SessionEnded', tick: state.tick, time, data: { reason, ticks: state.tick } });

/**
 * Refuses to go on with strategy code other than the code a session recorded: replay and resume
 * call this with the strategies they loaded. E_STRATEGY_CHANGED names the strategy, where its
 * code came from and both hashes.
 */
export function checkStrategyRecords(recorded: readonly StrategyRecord[], ctx: DecideContext): void {
  const loaded = strategyRecords(ctx);
  recorded.forEach((want, i) => {
    const got = loaded[i];
    if (!got || got.name !== want.name) {
      throw new TickfoldError('E_STRATEGY_CHANGED', `the session recorded strategy '${want.name}' (from ${want.origin}) at position ${i + 1}, but the config resolves to '${got?.name ?? 'nothing'}'`, { strategy: want.name, origin: want.origin });
    }
    if (got.sha256 !== want.sha256) {
      throw new TickfoldError(
        'E_STRATEGY_CHANGED',
        `strategy '${want.name}' changed since the run was recorded: the log has code sha256 ${want.sha256} (from ${want.origin}), the code loaded from ${got.origin} has sha256 ${got.sha256}; restore that code, or point --strategy-file at a copy of it`,
        { strategy: want.name, recordedOrigin: want.origin, loadedOrigin: got.origin, recorded: want.sha256, loaded: got.sha256 },
      );
    }
    const fields = (['params', 'window', 'weight'] as const).filter((k) => JSON.stringify(got[k]) !== JSON.stringify(want[k]));
    if (fields.length > 0) {
      throw new TickfoldError('E_STRATEGY_CHANGED', `strategy '${want.name}' (from ${want.origin}) now resolves to a different ${fields.join(', ')} than the log records (${fields.map((f) => `${JSON.stringify(want[f])} → ${JSON.stringify(got[f])}`).join('; ')})`, { strategy: want.name, fields });
    }
  });
  if (loaded.length !== recorded.length) {
    throw new TickfoldError('E_STRATEGY_CHANGED', `the session recorded ${recorded.length} strategies, the config resolves to ${loaded.length}`, {});
  }
}
