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
      return '{"data":{}' + envelope(e, '"TickStarted"');
    case 'BarReceived': {
      const d = e.data;
      // `problems` (rows a CSV feed dropped) sorts after `dropped`; present only when there were some.
      const problems = d.problems === undefined ? '' : `,"problems":${canonical(d.problems)}`;
      return `{"data":{"attempts":${num(d.attempts)},"bars":${bars(d.bars)},"dropped":${num(d.dropped)}${problems}}${envelope(e, '"BarReceived"')}`;
    }
    case 'SignalComputed': {
      const d = e.data;
      return `{"data":{"barTime":${quotedTimes.of(d.barTime)},"components":${numberRecord(d.components)},"price":${num(d.price)},"target":${num(d.target)}}${envelope(e, '"SignalComputed"')}`;
    }
    case 'Heartbeat': {
      const keys = Object.keys(e.data.symbols).sort();
      let symbols = '{';
      for (let i = 0; i < keys.length; i++) {
        const p = e.data.symbols[keys[i]!]!;
        symbols += `${i === 0 ? '' : ','}${quotedSymbols.of(keys[i]!)}:{"cash":${num(p.cash)},"equity":${num(p.equity)},"halted":${p.halted === null ? 'null' : str(p.halted)},"position":${num(p.position)},"price":${p.price === null ? 'null' : num(p.price)},"weight":${num(p.weight)}}`;
      }
      return `{"data":{"equity":${num(e.data.equity)},"symbols":${symbols}}}${envelope(e, '"Heartbeat"')}`;
    }
    // Orders: a session that trades often (the synthetic default fills most ticks) spent 5 % of its time in `canonical` on them.
    case 'OrderFilled': {
      const d = e.data;
      return `{"data":{"cause":${str(d.cause)},"clipped":${d.clipped === null ? 'null' : str(d.clipped)},"fee":${num(d.fee)},"fillModel":${str(d.fillModel)},"orderId":${str(d.orderId)},"price":${num(d.price)},"qty":${num(d.qty)},"refPrice":${num(d.refPrice)},"requestedQty":${num(d.requestedQty)},"slippageBps":${num(d.slippageBps)},"targetWeight":${num(d.targetWeight)},"writeOff":${num(d.writeOff)}}${envelope(e, '"OrderFilled"')}`;
    }
    case 'OrderSubmitted': {
      const d = e.data;
      return `{"data":{"decidedAtBar":${quotedTimes.of(d.decidedAtBar)},"orderId":${str(d.orderId)},"targetWeight":${num(d.targetWeight)}}${envelope(e, '"OrderSubmitted"')}`;
    }
    default:
      return canonical(e);
  }
}

/** JSON.stringify's number form: String(n) for finite numbers, null otherwise. */
const num = (n: number): string => (Number.isFinite(n) ? `${n}` : 'null');
const str = (s: string): string => JSON.stringify(s);

/**
 * The quoted form of the strings every event of a tick repeats (its time, its symbol): one
 * entry each, remembered from the last call, since a tick's events arrive one after another.
 */
class LastQuoted {
  private raw: string | undefined;
  private quoted = '';
  of(s: string): string {
    if (s !== this.raw) {
      this.raw = s;
      this.quoted = str(s);
    }
    return this.quoted;
  }
}
const quotedTimes = new LastQuoted();
const quotedSymbols = new LastQuoted();

/** The keys after `data`, in sorted order: seq, symbol (when there is one), tick, time, and the type given quoted. */
function envelope(e: TickfoldEvent, quotedType: string): string {
  const symbol = (e as { symbol?: string }).symbol;
  return ',"seq":' + num(e.seq) + (symbol === undefined ? '' : ',"symbol":' + quotedSymbols.of(symbol)) + ',"tick":' + num(e.tick) + ',"time":' + quotedTimes.of(e.time) + ',"type":' + quotedType + '}';
}

function bars(list: readonly Bar[]): string {
  let out = '[';
  for (let i = 0; i < list.length; i++) {
    const b = list[i]!;
    out += `${i === 0 ? '' : ','}{"close":${num(b.close)},"high":${num(b.high)},"low":${num(b.low)},"open":${num(b.open)},"time":${quotedTimes.of(b.time)},"volume":${num(b.volume)}}`;
  }
  return `${out}]`;
}

function numberRecord(record: Readonly<Record<string, number>>): string {
  const keys = Object.keys(record).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) out += `${i === 0 ? '' : ','}${str(keys[i]!)}:${num(record[keys[i]!]!)}`;
  return `${out}}`;
}
