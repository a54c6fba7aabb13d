import { Type, type Static } from '@sinclair/typebox';
import { Data, sessionEvent } from './envelope.js';
import { Symbol } from './bar.js';
import { Config } from '../config/schema.js';

const Hash = Type.String({ pattern: '^[0-9a-f]{64}$' });

/** First event of every log: everything needed to reproduce the session. */
export const SessionStarted = sessionEvent(
  'SessionStarted',
  Data({
    config: Config,
    configHash: Hash,
    versions: Data({ tickfold: Type.String(), format: Type.Integer({ minimum: 1 }) }),
  }),
);

/** The clock reading of one tick: its number and event time. Input event. */
export const TickStarted = sessionEvent('TickStarted', Data({}));

const SymbolPulse = Data({
  equity: Type.Number(),
  cash: Type.Number({ minimum: 0 }),
  position: Type.Number(),
  weight: Type.Number(),
  price: Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.Null()]),
  halted: Type.Union([Type.String(), Type.Null()]),
});

/** Closes every tick: per-symbol equity and position, for operators and as a tick boundary. */
export const Heartbeat = sessionEvent(
  'Heartbeat',
  Data({
    equity: Type.Number(),
    symbols: Type.Record(Symbol, SymbolPulse),
  }),
);

export const SessionEndReason = Type.Union([
  Type.Literal('completed'),
  Type.Literal('data-exhausted'),
  Type.Literal('all-halted'),
]);

/** Last event of a finished session. A log without it can be resumed. */
export const SessionEnded = sessionEvent(
  'SessionEnded',
  Data({ reason: SessionEndReason, ticks: Type.Integer({ minimum: 0 }) }),
);

export type SessionStarted = Static<typeof SessionStarted>;
export type TickStarted = Static<typeof TickStarted>;
export type Heartbeat = Static<typeof Heartbeat>;
export type SessionEnded = Static<typeof SessionEnded>;
export type SessionEndReason = Static<typeof SessionEndReason>;
