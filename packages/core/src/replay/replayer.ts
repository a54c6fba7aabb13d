import { TickfoldError } from '../errors.js';
import type { Config } from '../config/schema.js';
import { resolveConfig, configHash } from '../config/load.js';
import { canonical } from '../chain/canonical.js';
import { serializeEvent } from '../chain/serialize.js';
import { isInputEvent, type TickfoldEvent } from '../events/index.js';
import type { Observation } from '../engine/feed.js';
import { decideContext, type DecideContext } from '../decide/context.js';
import { beginSession, checkStrategyRecords } from '../decide/sessionBounds.js';
import { stepTick, type TickResult } from '../decide/tick.js';
import { isValidEvent } from '../events/validate.js';
import { evolve } from '../state/evolve.js';
import { assertInvariants } from '../state/invariants.js';
import type { State } from '../state/types.js';
import type { StrategyRegistry } from '../strategies/registry.js';
import type { RandomSource } from '../random/seeded.js';

export interface ReplayOptions {
  /** Needed when the session used strategies registered through the embedding API. */
  readonly registry?: StrategyRegistry;
  readonly random?: (config: Config) => RandomSource;
  /** Called with each state after a tick (or a session event) is re-derived and checked. */
  readonly onState?: (state: State) => void;
}

/** Fields of two JSON values that differ, as JSON pointers ("/data/qty"). */
export function differingFields(a: unknown, b: unknown, path = ''): string[] {
  if (a === b) return [];
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) return [path || '/'];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.flatMap((k) => differingFields((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}/${k}`));
}

/** One line of a recorded tick: its stored bytes, and the event parsed from them if the caller parsed it. */
export interface StoredTickLine {
  readonly canonical: string;
  /** Needed for every input event (TickStarted, BarReceived, Fallback, BarNotDue); a derived event may come as bytes only. */
  readonly event: TickfoldEvent | undefined;
}

/** A recorded tick proven by `deriveTick`: its events and the state after it, to hand to `commitTick`. */
export interface DerivedTick {
  readonly events: readonly TickfoldEvent[];
  readonly state: State;
  /** The state it was derived from: the only one it may be committed onto. */
  readonly from: State;
}

const toObservation = (e: TickfoldEvent): Observation | null =>
  e.type === 'BarReceived'
    ? { kind: 'bars', bars: e.data.bars, attempts: e.data.attempts, dropped: e.data.dropped, ...(e.data.problems ? { problems: e.data.problems } : {}) }
    : e.type === 'Fallback'
      ? { kind: 'fallback', reason: e.data.reason, message: e.data.message, attempts: e.data.attempts }
      : e.type === 'BarNotDue'
        ? { kind: 'not-due', reason: e.data.reason, message: e.data.message, attempts: e.data.attempts }
        : null;

/**
 * Re-derives a recorded session: feeds the recorded input events of each tick back through
 * `stepTick` and checks that every event it recomputes equals the recorded one, byte for byte.
 * Push events in seq order; memory stays constant (one tick at a time).
 */
export class Replayer {
  private ctx: DecideContext | null = null;
  private current: State | null = null;
  private tick: TickfoldEvent[] = [];
  /** The stored bytes of the events in `tick`, when the caller has them (a log being replayed). */
  private stored: (string | undefined)[] = [];
  /**
   * The last re-derivation `deriveTick` refused, so that pushing the same tick event by event
   * (to name what differs) does not run the strategies a second time: replay must judge what one
   * call of a strategy gives, as the run did, even for a strategy that is not pure.
   */
  private refused: { readonly state: State; readonly observations: Record<string, Observation>; readonly outcome: () => TickResult } | null = null;

  constructor(private readonly options: ReplayOptions = {}) {}

  get state(): State | null {
    return this.current;
  }

  /** Events of a tick whose Heartbeat was never recorded (a crash mid-tick). */
  get openTick(): readonly TickfoldEvent[] {
    return this.tick;
  }

  get context(): DecideContext | null {
    return this.ctx;
  }

  /**
   * Adds the next recorded event. `canonical` is its bytes as stored, when the caller has them:
   * the re-derived event is then compared with those bytes, without serializing the recorded one again.
   */
  push(event: TickfoldEvent, canonicalBytes?: string): void {
    if (event.type === 'SessionStarted') return this.start(event);
    if (!this.current || !this.ctx) {
      throw new TickfoldError('E_REPLAY_NO_SESSION', `seq ${event.seq} (${event.type}) comes before SessionStarted; a log must begin with SessionStarted at seq 1`, { seq: event.seq });
    }
    if (event.type === 'SessionEnded') {
      if (this.tick.length > 0) this.incomplete(event);
      this.current = evolve(this.current, event);
      this.options.onState?.(this.current);
      return;
    }
    if (event.type === 'TickStarted' && this.tick.length > 0) this.incomplete(event);
    if (event.type !== 'TickStarted' && this.tick.length === 0) {
      throw new TickfoldError('E_REPLAY_ORDER', `seq ${event.seq} (${event.type}) is outside a tick; every tick starts with TickStarted`, { seq: event.seq });
    }
    this.tick.push(event);
    this.stored.push(canonicalBytes);
    if (event.type === 'Heartbeat') this.closeTick();
  }

  private start(event: Extract<TickfoldEvent, { type: 'SessionStarted' }>): void {
    if (this.current) throw new TickfoldError('E_REPLAY_ORDER', `second SessionStarted at seq ${event.seq}`, { seq: event.seq });
    const config = resolveConfig(event.data.config, `SessionStarted (seq ${event.seq}) config`);
    if (configHash(config) !== event.data.configHash) {
      throw new TickfoldError('E_REPLAY_MISMATCH', `seq ${event.seq}: configHash does not match the recorded config`, { seq: event.seq, field: '/data/configHash' });
    }
    this.ctx = decideContext(config, this.options.registry, this.options.random?.(config));
    checkStrategyRecords(event.data.strategies, this.ctx);
    this.current = beginSession(config, event);
    this.options.onState?.(this.current);
  }

  private incomplete(next: TickfoldEvent): never {
    const first = this.tick[0]!;
    throw new TickfoldError('E_REPLAY_INCOMPLETE_TICK', `tick ${first.tick} (from seq ${first.seq}) has no Heartbeat before seq ${next.seq}`, { seq: next.seq });
  }

  /**
   * Proves a whole recorded tick at once, given its stored lines in order, of which only the
   * input events need to be parsed: re-derives the tick from its inputs and requires every
   * re-derived event to equal its line's stored bytes, byte for byte. An event the caller did not
   * parse is then the re-derived event itself, and it is validated against its schema here: the
   * stored bytes are its canonical bytes, and JSON.parse of the canonical bytes of plain data
   * that passes a schema gives back the same data (-0 as 0, keys holding undefined dropped,
   * which no keyword the event schemas use tells apart), so the stored event passes it too.
   * Returns the tick's events (the parsed one where given, else the re-derived one) and the state
   * after it, or null when anything differs or fails; nothing changes until `commitTick`. On null,
   * push the tick's events one by one to have the exact error.
   */
  deriveTick(lines: readonly StoredTickLine[]): DerivedTick | null {
    const started = lines[0]?.event;
    if (!this.current || !this.ctx || this.tick.length > 0 || started?.type !== 'TickStarted') return null;
    const observations = observationsOf(lines);
    const state = this.current;
    let result: TickResult;
    try {
      result = stepTick(state, { tick: started.tick, time: started.time, observations }, this.ctx);
    } catch (error) {
      this.refused = { state, observations, outcome: () => { throw error; } };
      return null;
    }
    const events: TickfoldEvent[] = [];
    let proven = result.events.length === lines.length;
    for (let i = 0; proven && i < lines.length; i++) {
      const want = result.events[i]!;
      const line = lines[i]!;
      if (serializeEvent(want) !== line.canonical) proven = false;
      else if (line.event) events.push(line.event);
      else if (isInputEvent(want) || !isValidEvent(want)) proven = false;
      else events.push(want);
    }
    if (proven) return { events, state: result.state, from: state };
    this.refused = { state, observations, outcome: () => result };
    return null;
  }

  /** Makes a tick `deriveTick` proved the replay's state (its invariants checked, as `push` does). */
  commitTick(tick: DerivedTick): void {
    if (tick.from !== this.current || this.tick.length > 0) {
      throw new TickfoldError('E_REPLAY_ORDER', `tick ${tick.events[0]?.tick} was derived from another state than the replay's (at seq ${this.current?.seq}); commit a derived tick right after deriving it`, { seq: tick.events[0]?.seq });
    }
    this.refused = null;
    assertInvariants(tick.state, this.ctx!.config.broker.maxPosition);
    this.current = tick.state;
    this.options.onState?.(this.current);
  }

  private closeTick(): void {
    const recorded = this.tick;
    const stored = this.stored;
    this.tick = [];
    this.stored = [];
    const started = recorded[0]!;
    const observations = observationsOf(recorded);
    const refused = this.refused;
    this.refused = null;
    const result =
      refused && refused.state === this.current && differingFields(refused.observations, observations).length === 0
        ? refused.outcome()
        : stepTick(this.current!, { tick: started.tick, time: started.time, observations }, this.ctx!);
    const n = Math.max(result.events.length, recorded.length);
    for (let i = 0; i < n; i++) {
      const want = result.events[i];
      const got = recorded[i];
      if (!want || !got || serializeEvent(want) !== (stored[i] ?? canonical(got))) {
        const seq = got?.seq ?? want?.seq;
        const fields = want && got ? differingFields(want, got) : ['(event missing)'];
        throw new TickfoldError(
          'E_REPLAY_MISMATCH',
          `seq ${seq}: the recorded ${got?.type ?? 'nothing'} differs from the re-derived ${want?.type ?? 'nothing'} in ${fields.join(', ')}; the run was not deterministic or the log was edited`,
          { seq, fields, recorded: got ?? null, derived: want ?? null },
        );
      }
    }
    assertInvariants(result.state, this.ctx!.config.broker.maxPosition);
    this.current = result.state;
    this.options.onState?.(this.current);
  }
}

/** A tick's observations, one per symbol, from its recorded input events (or its stored lines, of which only the inputs need be parsed). */
function observationsOf(recorded: readonly (TickfoldEvent | StoredTickLine)[]): Record<string, Observation> {
  const observations: Record<string, Observation> = {};
  for (const r of recorded) {
    const e = 'canonical' in r ? r.event : r;
    const obs = e ? toObservation(e) : null;
    if (obs && 'symbol' in e!) observations[e.symbol] = obs;
  }
  return observations;
}
