import { Type, type Static } from '@sinclair/typebox';
import { Data, sessionEvent } from './envelope.js';
import { Symbol } from './bar.js';
import { Config } from '../config/schema.js';

const Hash = Type.String({ pattern: '^[0-9a-f]{64}$' });

/** One configured strategy as it ran: what the log proves about its code. */
export const StrategyRecord = Data({
  name: Type.String({ minLength: 1 }),
  weight: Type.Number({ exclusiveMinimum: 0 }),
  /** Its defaults with the configured params over them. */
  params: Type.Record(Type.String(), Type.Number()),
  window: Type.Integer({ minimum: 1 }),
  /** 'builtin', 'embedded', or the file it was loaded from, as given. */
  origin: Type.String({ minLength: 1 }),
  /** sha256 of the code: for a file, the module and the local files it imports. */
  sha256: Hash,
});

/**
 * First event of every log: everything needed to reproduce the session. `strategies` and
 * `windowSize` let readers (report, recovery) fold the log without loading any strategy code.
 */
export const SessionStarted = sessionEvent(
  'SessionStarted',
  Data({
    config: Config,
    configHash: Hash,
    strategies: Type.Array(StrategyRecord),
    /** Bars kept per symbol: max(minBars, the slowest strategy's window). */
    windowSize: Type.Integer({ minimum: 1 }),
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
export type StrategyRecord = Static<typeof StrategyRecord>;
export type TickStarted = Static<typeof TickStarted>;
export type Heartbeat = Static<typeof Heartbeat>;
export type SessionEnded = Static<typeof SessionEnded>;
export type SessionEndReason = Static<typeof SessionEndReason>;
