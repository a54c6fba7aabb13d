import type { Config } from '../config/schema.js';
import { configHash } from '../config/load.js';
import type { SessionEndReason, Unsequenced } from '../events/index.js';
import { validateEvent } from '../events/validate.js';
import { evolve } from '../state/evolve.js';
import { deepFreeze } from '../state/initial.js';
import type { State } from '../state/types.js';
import { FORMAT_VERSION, TICKFOLD_VERSION } from '../session.js';
import { sequenced, type TickResult } from './tick.js';

function single(state: State, partial: Record<string, unknown>): TickResult {
  const event = deepFreeze(sequenced(partial as Unsequenced, state.seq + 1));
  validateEvent(event);
  return { state: evolve(state, event), events: [event] };
}

/** The first event of a session: the full config, its hash and the versions that ran it. */
export const startSession = (state: State, config: Config, time: string): TickResult =>
  single(state, {
    type: 'SessionStarted',
    tick: 0,
    time,
    data: { config, configHash: configHash(config), versions: { tickfold: TICKFOLD_VERSION, format: FORMAT_VERSION } },
  });

export const endSession = (state: State, reason: SessionEndReason, time: string): TickResult =>
  single(state, { type: 'SessionEnded', tick: state.tick, time, data: { reason, ticks: state.tick } });
