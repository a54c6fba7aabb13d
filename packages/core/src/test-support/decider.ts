import { createRegistry, evolve, initialState, resolveConfig, type Bar, type Observation, type State, type Strategy, type TickfoldEvent } from '../index.js';
import { decideContext, type DecideContext } from '../decide/context.js';
import { startSession } from '../decide/sessionBounds.js';
import { stepTick } from '../decide/tick.js';
import { type Unsequenced } from '../events/index.js';
import { sequenced } from '../decide/tick.js';
import { barAt, timeAt } from './scriptedFeed.js';

/**
 * Given / when / then over the pure decider, with no engine, RxJS or feed: `given` folds prior
 * events (numbered in order after SessionStarted) into a state; `when` decides one tick's input
 * from it; the test states the events that must follow.
 */
export function decider(configInput: unknown, strategies: readonly Strategy[] = []) {
  const config = resolveConfig(configInput);
  const ctx: DecideContext = decideContext(config, createRegistry(strategies));
  return {
    ctx,
    given(...prior: readonly Unsequenced[]): State {
      let state = startSession(initialState(config, ctx.windowSize), ctx, timeAt(1)).state;
      for (const p of prior) state = evolve(state, sequenced(p, state.seq + 1));
      return state;
    },
    /** The tick's events, and the state they fold to. */
    when(state: State, observations: Readonly<Record<string, Observation>>): { events: readonly TickfoldEvent[]; state: State } {
      const tick = state.tick + 1;
      return stepTick(state, { tick, time: timeAt(tick), observations }, ctx);
    },
  };
}

/** The prior events of one tick: TickStarted and the symbol's input (bars or a fallback), then `more`. */
export const priorTick = (tick: number, input: { bars: Bar[] } | { fallback: true }, more: readonly Unsequenced[] = [], symbol = 'SPY'): Unsequenced[] => {
  const time = timeAt(tick);
  const admitted: Unsequenced =
    'bars' in input
      ? { type: 'BarReceived', tick, time, symbol, data: { attempts: 1, bars: input.bars, dropped: 0 } }
      : { type: 'Fallback', tick, time, symbol, data: { attempts: 3, lastBarTime: null, message: 'scripted outage', reason: 'network' } };
  return [{ type: 'TickStarted', tick, time, data: {} }, admitted, ...more];
};

export const bars = (tick: number, close: number, open = close): { kind: 'bars'; bars: Bar[]; attempts: number; dropped: number } => ({ kind: 'bars', bars: [barAt(tick, close, open)], attempts: 1, dropped: 0 });
export const outage: Observation = { kind: 'fallback', reason: 'network', message: 'scripted outage', attempts: 3 };

/** The types of a tick's events, in order. */
export const shape = (events: readonly TickfoldEvent[]) => events.map((e) => e.type);
