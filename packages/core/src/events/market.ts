import { Type, type Static } from '@sinclair/typebox';
import { Bar } from './bar.js';
import { Data, symbolEvent } from './envelope.js';

/** What a feed delivered for a symbol at a tick: only bars newer than the last one seen. Input event. */
export const BarReceived = symbolEvent(
  'BarReceived',
  Data({
    bars: Type.Array(Bar, { minItems: 1 }),
    attempts: Type.Integer({ minimum: 1 }),
    dropped: Type.Integer({ minimum: 0, description: 'rows the feed sanitized away' }),
  }),
);

export const FallbackReason = Type.Union([
  Type.Literal('network'),
  Type.Literal('timeout'),
  Type.Literal('http-status'),
  Type.Literal('source-error'),
  Type.Literal('malformed'),
  Type.Literal('too-large'),
  Type.Literal('stale'),
  Type.Literal('too-few-bars'),
  Type.Literal('no-new-bar'),
  Type.Literal('injected'),
]);

/** The feed gave no usable new bar; the engine keeps the last good bars. Input event. */
export const Fallback = symbolEvent(
  'Fallback',
  Data({
    reason: FallbackReason,
    message: Type.String(),
    attempts: Type.Integer({ minimum: 0 }),
    lastBarTime: Type.Union([Type.String(), Type.Null()]),
  }),
);

export type BarReceived = Static<typeof BarReceived>;
export type Fallback = Static<typeof Fallback>;
export type FallbackReason = Static<typeof FallbackReason>;
