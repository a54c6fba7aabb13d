import { Type, type Static } from '@sinclair/typebox';
import { Data, symbolEvent } from './envelope.js';

const Weight = Type.Number({ minimum: -1, maximum: 1 });

/** Combined target weight and the per-strategy components it came from. */
export const SignalComputed = symbolEvent(
  'SignalComputed',
  Data({
    target: Weight,
    components: Type.Record(Type.String(), Weight),
    price: Type.Number({ exclusiveMinimum: 0 }),
    barTime: Type.String(),
  }),
);

/** Why an order was placed: the strategy's target, a kill switch flattening, or a trim back to the position limit. */
export const OrderCause = Type.Union([Type.Literal('rebalance'), Type.Literal('kill-switch'), Type.Literal('limit')]);

/** A next-open order: decided at the close of one bar, filled at the open of the next. */
export const OrderSubmitted = symbolEvent(
  'OrderSubmitted',
  Data({
    orderId: Type.String(),
    targetWeight: Weight,
    decidedAtBar: Type.String(),
  }),
);

/** A simulated fill. `requestedQty` vs `qty` shows any clipping; qty is signed (+buy, -sell). */
export const OrderFilled = symbolEvent(
  'OrderFilled',
  Data({
    orderId: Type.String(),
    cause: OrderCause,
    fillModel: Type.Union([Type.Literal('close'), Type.Literal('next-open')]),
    targetWeight: Weight,
    requestedQty: Type.Number(),
    qty: Type.Number(),
    price: Type.Number({ exclusiveMinimum: 0 }),
    refPrice: Type.Number({ exclusiveMinimum: 0 }),
    slippageBps: Type.Number({ minimum: 0 }),
    fee: Type.Number({ minimum: 0 }),
    clipped: Type.Union([Type.Literal('position-limit'), Type.Literal('cash'), Type.Literal('whole-shares'), Type.Null()]),
    writeOff: Type.Number({ minimum: 0, description: 'loss beyond the cash a liquidation could pay; cash ends at 0' }),
  }),
);

/** An order the broker could not fill at all, with the reason. */
export const OrderRejected = symbolEvent(
  'OrderRejected',
  Data({
    orderId: Type.String(),
    targetWeight: Weight,
    requestedQty: Type.Number(),
    reason: Type.Union([
      Type.Literal('position-limit'),
      Type.Literal('insufficient-cash'),
      Type.Literal('below-one-share'),
      Type.Literal('kill-switch'),
      Type.Literal('no-change'),
    ]),
    message: Type.String(),
  }),
);

/** The configurable switches, plus 'equity-exhausted': equity gone, which always liquidates. */
export const KillSwitchKind = Type.Union([
  Type.Literal('max-drawdown'),
  Type.Literal('daily-loss'),
  Type.Literal('feed-failure'),
  Type.Literal('equity-exhausted'),
]);

/** A kill switch tripped: the position is flattened and new orders stop for the symbol. */
export const KillSwitchTripped = symbolEvent(
  'KillSwitchTripped',
  Data({
    kind: KillSwitchKind,
    value: Type.Number(),
    limit: Type.Number(),
    until: Type.Union([Type.String(), Type.Null()]),
  }),
);

export type SignalComputed = Static<typeof SignalComputed>;
export type OrderSubmitted = Static<typeof OrderSubmitted>;
export type OrderFilled = Static<typeof OrderFilled>;
export type OrderRejected = Static<typeof OrderRejected>;
export type KillSwitchTripped = Static<typeof KillSwitchTripped>;
export type KillSwitchKind = Static<typeof KillSwitchKind>;
export type OrderCause = Static<typeof OrderCause>;
