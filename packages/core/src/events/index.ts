import type { Static } from '@sinclair/typebox';
import { SessionStarted, TickStarted, Heartbeat, SessionEnded } from './session.js';
import { BarReceived, BarNotDue, Fallback } from './market.js';
import { SignalComputed, OrderSubmitted, OrderFilled, OrderRejected, KillSwitchTripped } from './trading.js';

export * from './bar.js';
export * from './session.js';
export * from './market.js';
export * from './trading.js';

/** Every event type's schema, keyed by its `type`. Order here is documentation order only. */
export const eventSchemas = {
  SessionStarted,
  TickStarted,
  BarReceived,
  Fallback,
  BarNotDue,
  SignalComputed,
  OrderSubmitted,
  OrderFilled,
  OrderRejected,
  KillSwitchTripped,
  Heartbeat,
  SessionEnded,
} as const;

export type EventType = keyof typeof eventSchemas;
export const eventTypes = Object.keys(eventSchemas).sort() as readonly EventType[];

/** The discriminated union of all events. */
export type TickfoldEvent = { [K in EventType]: Static<(typeof eventSchemas)[K]> }[EventType];
export type EventOf<K extends EventType> = Extract<TickfoldEvent, { type: K }>;

/** Events that record what came from outside the engine; everything else is derived from them. */
export const inputEventTypes: ReadonlySet<EventType> = new Set(['SessionStarted', 'TickStarted', 'BarReceived', 'Fallback', 'BarNotDue', 'SessionEnded']);
export type InputEvent = EventOf<'SessionStarted' | 'TickStarted' | 'BarReceived' | 'Fallback' | 'BarNotDue' | 'SessionEnded'>;
export const isInputEvent = (e: TickfoldEvent): e is InputEvent => inputEventTypes.has(e.type);

/** An event without its envelope's `seq`, as `decide` builds it before the log numbers it. */
export type Unsequenced<E extends TickfoldEvent = TickfoldEvent> = E extends TickfoldEvent ? Omit<E, 'seq'> : never;
