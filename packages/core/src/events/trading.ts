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

/** How an order fills: at its bar's close, or at the next bar's open. The config's `broker.fill` takes the same values. */
export const FillModel = Type.Union([Type.Literal('close'), Type.Literal('next-open')]);

/** What cut a fill below the quantity asked for; null when it filled in full. */
export const Clip = Type.Union([Type.Literal('position-limit'), Type.Literal('cash'), Type.Literal('whole-shares'), Type.Null()]);

/** Why the broker could fill nothing of an order. */
export const RejectReason = Type.Union([Type.Literal('position-limit'), Type.Literal('insufficient-cash'), Type.Literal('below-one-share')]);

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
    fillModel: FillModel,
    targetWeight: Weight,
    requestedQty: Type.Number(),
    qty: Type.Number(),
    price: Type.Number({ exclusiveMinimum: 0 }),
    refPrice: Type.Number({ exclusiveMinimum: 0 }),
    slippageBps: Type.Number({ minimum: 0 }),
    fee: Type.Number({ minimum: 0 }),
    clipped: Clip,
    writeOff: Type.Number({ minimum: 0, description: 'loss beyond the cash a liquidation could pay; cash ends at 0' }),
  }),
);

/** An order the broker could not fill at all, with the reason; 'no-change' when there was nothing to trade. */
export const OrderRejected = symbolEvent(
  'OrderRejected',
  Data({
    orderId: Type.String(),
    targetWeight: Weight,
    requestedQty: Type.Number(),
    reason: Type.Union([...RejectReason.anyOf, Type.Literal('no-change')]),
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
export type FillModel = Static<typeof FillModel>;
export type Clip = Static<typeof Clip>;
export type RejectReason = Static<typeof RejectReason>;
