import { Type, type TObject, type TLiteral, type TProperties, type Static } from '@sinclair/typebox';
import { IsoTime, Symbol } from './bar.js';

const Seq = Type.Integer({ minimum: 1 });
const Tick = Type.Integer({ minimum: 0 });

/** An event of the session as a whole (no symbol). */
export function sessionEvent<N extends string, D extends TProperties>(type: N, data: TObject<D>) {
  return Type.Object(
    { seq: Seq, type: Type.Literal(type) as TLiteral<N>, tick: Tick, time: IsoTime, data },
    { additionalProperties: false, $id: type },
  );
}

/** An event about one symbol. */
export function symbolEvent<N extends string, D extends TProperties>(type: N, data: TObject<D>) {
  return Type.Object(
    { seq: Seq, type: Type.Literal(type) as TLiteral<N>, tick: Tick, time: IsoTime, symbol: Symbol, data },
    { additionalProperties: false, $id: type },
  );
}

/** Closed object: unknown fields are rejected. */
export const Data = <P extends TProperties>(props: P) => Type.Object(props, { additionalProperties: false });

export type StaticOf<T> = T extends TObject ? Static<T> : never;
