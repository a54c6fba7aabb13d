import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Bar } from './bar.js';
import { Data, symbolEvent } from './envelope.js';

/** A source row the feed dropped (or could not place in time), where it was and why. */
export const DroppedRow = Data({
  file: Type.String({ minLength: 1 }),
  line: Type.Integer({ minimum: 1 }),
  reason: Type.String({ minLength: 1 }),
});

/** What a feed delivered for a symbol at a tick: only bars newer than the last one seen. Input event. */
export const BarReceived = symbolEvent(
  'BarReceived',
  Data({
    bars: Type.Array(Bar, { minItems: 1 }),
    attempts: Type.Integer({ minimum: 1 }),
    dropped: Type.Integer({ minimum: 0, description: 'rows the feed sanitized away' }),
    problems: Type.Optional(Type.Array(DroppedRow, { minItems: 1, description: 'the dropped rows a file-backed feed read since its last BarReceived, with file, line and reason; absent when none' })),
  }),
);

/** The data of an input event without a bar: why, the feed's message, its attempts and the newest bar held. */
const noBar = <R extends TSchema>(reason: R) =>
  Data({
    reason,
    message: Type.String(),
    attempts: Type.Integer({ minimum: 0 }),
    lastBarTime: Type.Union([Type.String(), Type.Null()]),
  });

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
  noBar(FallbackReason),
);

export const NotDueReason = Type.Union([Type.Literal('before-data'), Type.Literal('after-data'), Type.Literal('not-due')], {
  description: "before-data: the tick is before the symbol's first bar (not listed yet, or its file starts later); after-data: after its last bar (delisted, or its file ends earlier); not-due: no new bar yet, but the latest is within the staleness limit (data.maxDataAgeMs), so none was overdue",
});

/**
 * No new bar for a symbol at a tick, and none was due: not a feed failure, so it is not a
 * Fallback and never counts towards the feed-failure kill switch. Input event. A symbol's span
 * (the ticks its account and metrics cover) is every tick except those with reason before-data
 * or after-data.
 */
export const BarNotDue = symbolEvent(
  'BarNotDue',
  noBar(NotDueReason),
);

export type BarReceived = Static<typeof BarReceived>;
export type DroppedRow = Static<typeof DroppedRow>;
export type BarNotDue = Static<typeof BarNotDue>;
export type NotDueReason = Static<typeof NotDueReason>;
export type Fallback = Static<typeof Fallback>;
export type FallbackReason = Static<typeof FallbackReason>;
