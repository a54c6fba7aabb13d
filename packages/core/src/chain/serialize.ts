import type { Bar, TickfoldEvent } from '../events/index.js';
import { canonical } from './canonical.js';

/**
 * The canonical bytes of an event the engine built and validated, written field by field for
 * the event types of every tick and for orders (the rest go through `canonical`). Byte-identical to
 * fast-json-stable-stringify on every valid event: property-tested in serialize.spec.ts.
 */
export function serializeEvent(e: TickfoldEvent): string {
  switch (e.type) {
    case 'TickStarted':
      return '{"data":{}' + envelope(e, ',"type":"TickStarted"}');
    case 'BarReceived': {
      const d = e.data;
      // `problems` (rows a CSV feed dropped) sorts after `dropped`; present only when there were some.
      const problems = d.problems === undefined ? '' : `,"problems":${canonical(d.problems)}`;
      return `{"data":{"attempts":${num(d.attempts)},"bars":${bars(d.bars)},"dropped":${num(d.dropped)}${problems}}${envelope(e, ',"type":"BarReceived"}')}`;
    }
    case 'SignalComputed': {
      const d = e.data;
      return `{"data":{"barTime":${quotedTimes.of(d.barTime)},"components":${numberRecord(d.components, componentNames)},"price":${num(d.price)},"target":${num(d.target)}}${envelope(e, ',"type":"SignalComputed"}')}`;
    }
    case 'Heartbeat': {
      const record = e.data.symbols;
      const { sorted, quoted } = heartbeatSymbols.of(record);
      let symbols = '{';
      for (let i = 0; i < sorted.length; i++) {
        const p = record[sorted[i]!]!;
        symbols += `${i === 0 ? '' : ','}${quoted[i]!}:{"cash":${num(p.cash)},"equity":${num(p.equity)},"halted":${p.halted === null ? 'null' : str(p.halted)},"position":${num(p.position)},"price":${p.price === null ? 'null' : num(p.price)},"weight":${num(p.weight)}}`;
      }
      return `{"data":{"equity":${num(e.data.equity)},"symbols":${symbols}}}${envelope(e, ',"type":"Heartbeat"}')}`;
    }
    // Orders: a session that trades often (the synthetic default fills most ticks) spent 5 % of its time in `canonical` on them.
    case 'OrderFilled': {
      const d = e.data;
      return `{"data":{"cause":${str(d.cause)},"clipped":${d.clipped === null ? 'null' : str(d.clipped)},"fee":${num(d.fee)},"fillModel":${str(d.fillModel)},"orderId":${str(d.orderId)},"price":${num(d.price)},"qty":${num(d.qty)},"refPrice":${num(d.refPrice)},"requestedQty":${num(d.requestedQty)},"slippageBps":${num(d.slippageBps)},"targetWeight":${num(d.targetWeight)},"writeOff":${num(d.writeOff)}}${envelope(e, ',"type":"OrderFilled"}')}`;
    }
    case 'OrderSubmitted': {
      const d = e.data;
      return `{"data":{"decidedAtBar":${quotedTimes.of(d.decidedAtBar)},"orderId":${str(d.orderId)},"targetWeight":${num(d.targetWeight)}}${envelope(e, ',"type":"OrderSubmitted"}')}`;
    }
    default:
      return canonical(e);
  }
}

/** JSON.stringify's number form: String(n) for finite numbers, null otherwise. */
const num = (n: number): string => (Number.isFinite(n) ? `${n}` : 'null');
const str = (s: string): string => JSON.stringify(s);

/**
 * The quoted form of the strings every event of a tick repeats (its time, its symbol), after a
 * fixed prefix: one entry each, remembered from the last call, since a tick's events arrive one
 * after another.
 */
class LastQuoted {
  private raw: string | undefined;
  private quoted = '';
  constructor(private readonly prefix = '') {}
  of(s: string): string {
    if (s !== this.raw) {
      this.raw = s;
      this.quoted = this.prefix + str(s);
    }
    return this.quoted;
  }
}
const quotedTimes = new LastQuoted();
/** `,"symbol":"…"`, the envelope's symbol part, whole. */
const symbolParts = new LastQuoted(',"symbol":');

/** `,"tick":N,"time":"…"`, the envelope's part every event of a tick shares, remembered from the last call. */
class TickPart {
  private tick = NaN;
  private time: string | undefined;
  private part = '';
  of(tick: number, time: string): string {
    if (tick !== this.tick || time !== this.time) {
      this.tick = tick;
      this.time = time;
      this.part = ',"tick":' + num(tick) + ',"time":' + str(time);
    }
    return this.part;
  }
}
const tickParts = new TickPart();

/**
 * A record's keys in sorted order and quoted, remembered from the last call: the records of a
 * type repeat their keys event after event (a Heartbeat's symbols, a signal's strategy names).
 */
class SortedKeys {
  private raw: readonly string[] = [];
  private last = { sorted: [] as readonly string[], quoted: [] as readonly string[] };
  of(record: object): { readonly sorted: readonly string[]; readonly quoted: readonly string[] } {
    const keys = Object.keys(record);
    if (!sameKeys(keys, this.raw)) {
      this.raw = keys;
      const sorted = [...keys].sort();
      this.last = { sorted, quoted: sorted.map(str) };
    }
    return this.last;
  }
}
/** A loop, not `every`: this runs for every Heartbeat and signal, and `every`'s callback is a closure per call. */
function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
const heartbeatSymbols = new SortedKeys();
const componentNames = new SortedKeys();

/**
 * The keys after `data`, in sorted order: seq, symbol (when there is one), tick, time, and the
 * type, given as its whole tail (`,"type":"…"}`). Four pieces, the symbol's and the tick's
 * remembered: a tick's events repeat them.
 */
function envelope(e: TickfoldEvent, typeTail: string): string {
  const symbol = (e as { symbol?: string }).symbol;
  return ',"seq":' + num(e.seq) + (symbol === undefined ? '' : symbolParts.of(symbol)) + tickParts.of(e.tick, e.time) + typeTail;
}

function bars(list: readonly Bar[]): string {
  let out = '[';
  for (let i = 0; i < list.length; i++) {
    const b = list[i]!;
    out += `${i === 0 ? '' : ','}{"close":${num(b.close)},"high":${num(b.high)},"low":${num(b.low)},"open":${num(b.open)},"time":${quotedTimes.of(b.time)},"volume":${num(b.volume)}}`;
  }
  return `${out}]`;
}

function numberRecord(record: Readonly<Record<string, number>>, names: SortedKeys): string {
  const { sorted, quoted } = names.of(record);
  let out = '{';
  for (let i = 0; i < sorted.length; i++) out += `${i === 0 ? '' : ','}${quoted[i]!}:${num(record[sorted[i]!]!)}`;
  return `${out}}`;
}
