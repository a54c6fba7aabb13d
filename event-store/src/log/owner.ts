import { eventSchemas, type TickfoldEvent } from '@tickfold/core';
import { EVENT_AT } from './line.js';

/**
 * Which thread of a parallel read (log/parts.ts) owns a line, read from the line's bytes alone,
 * the same way in every thread, so each line has exactly one owner. Its owner checks the line in
 * full and that the event it parsed is named the same (`nameOf`): naming never decides what is
 * valid, only who checks it.
 *
 * A name is a symbol's index in sorted order (≥ 0) for the lines of one symbol; TICK, BEAT or
 * SESSION for the lines every thread folds; UNNAMED when the bytes name neither (damage, or a
 * symbol outside the config), which only its owner reads. No string is made per line: naming
 * runs on every line in every thread.
 */
export const TICK = -1;
export const BEAT = -2;
export const SESSION = -3;
export const UNNAMED = -4;

/** Lines every thread folds: a tick's start, its end (Heartbeat) and the session's ends. */
export const foldedByAll = (name: number): boolean => name < 0 && name !== UNNAMED;

const QUOTE = 0x22;
const TYPE_KEY = Buffer.from('"type":"', 'latin1');
const SYMBOL_KEY = Buffer.from('"symbol":"', 'latin1');
const SEQ_KEY = Buffer.from(',"seq":', 'latin1');
const TIME_KEY = Buffer.from('"time":"', 'latin1');
/** The symbol's closing quote and the tick's key after it. */
const TICK_KEY_AFTER_SYMBOL = Buffer.from('","tick":', 'latin1');
/** `"time":"2024-01-02T00:00:00.000Z",` */
const TIME_BYTES = TIME_KEY.length + 24 + 2;
const GLOBAL_NAMES: Readonly<Record<string, number>> = { TickStarted: TICK, Heartbeat: BEAT, SessionStarted: SESSION, SessionEnded: SESSION };
/** A symbol's event: its name is its symbol's. */
const OF_SYMBOL = 0;
const TYPES = Object.keys(eventSchemas).map((type) => ({ bytes: Buffer.from(type, 'latin1'), name: GLOBAL_NAMES[type] ?? OF_SYMBOL }));
/** The one type (its index + 1) of each length and first letter, so a line's type is compared with one candidate; -1 for several. */
const TYPE_OF_SHAPE = new Int8Array(64 * 32);
const shapeOf = (length: number, first: number): number => (length & 63) * 32 + (first & 31);
TYPES.forEach((type, i) => {
  const shape = shapeOf(type.bytes.length, type.bytes[0]!);
  TYPE_OF_SHAPE[shape] = TYPE_OF_SHAPE[shape] === 0 ? i + 1 : -1;
});

function bytesAt(buf: Buffer, at: number, key: Uint8Array): boolean {
  for (let i = 0; i < key.length; i++) if (buf[at + i] !== key[i]) return false;
  return true;
}

/** The type spelt at buf[from, to), if it is one. */
function typeSpelt(buf: Buffer, from: number, to: number): (typeof TYPES)[number] | null {
  const shape = TYPE_OF_SHAPE[shapeOf(to - from, buf[from]!)]!;
  if (shape > 0) {
    const type = TYPES[shape - 1]!;
    return to - from === type.bytes.length && bytesAt(buf, from, type.bytes) ? type : null;
  }
  if (shape === 0) return null;
  for (const type of TYPES) if (type.bytes.length === to - from && bytesAt(buf, from, type.bytes)) return type;
  return null;
}

export class LineNamer {
  private readonly symbols: readonly Buffer[];
  private readonly index: ReadonlyMap<string, number>;

  /** `symbols` in sorted order: a symbol's name is its place there. */
  constructor(symbols: readonly string[]) {
    this.symbols = symbols.map((s) => Buffer.from(s, 'latin1'));
    this.index = new Map(symbols.map((s, i) => [s, i]));
  }

  /** The name of the line at buf[start, end) (no newline), from its bytes. */
  name(buf: Buffer, start: number, end: number): number {
    // A line ends in `"type":"<type>"}}`: read back to the quote before the type.
    const from = start + EVENT_AT;
    if (buf[end - 3] !== QUOTE) return UNNAMED;
    let open = end - 4;
    while (open > from && buf[open] !== QUOTE) open--;
    const typeAt = open - TYPE_KEY.length + 1;
    if (typeAt < from || !bytesAt(buf, typeAt, TYPE_KEY)) return UNNAMED;
    const type = typeSpelt(buf, open + 1, end - 3);
    if (type === null) return UNNAMED;
    if (type.name !== OF_SYMBOL) return type.name;
    // Before it, `"symbol":"<symbol>","tick":<digits>,"time":"…",`; an ISO time (24 bytes) is skipped at once.
    const timeAt = typeAt - TIME_BYTES;
    const timed = timeAt >= from && bytesAt(buf, timeAt, TIME_KEY);
    if (timed) {
      let colon = timeAt - 2;
      while (colon > from && buf[colon]! >= 0x30 && buf[colon]! <= 0x39) colon--;
      const close = colon - TICK_KEY_AFTER_SYMBOL.length + 1;
      if (close > from && bytesAt(buf, close, TICK_KEY_AFTER_SYMBOL)) {
        const named = this.symbolEndingAt(buf, close, from);
        if (named !== UNNAMED) return named;
      }
    }
    let at = (timed ? timeAt : typeAt) - SYMBOL_KEY.length;
    while (at >= from && !(buf[at] === QUOTE && buf[at + 1] === 0x73 && bytesAt(buf, at, SYMBOL_KEY))) at--;
    if (at < from) return UNNAMED;
    const symbolAt = at + SYMBOL_KEY.length;
    let close = symbolAt;
    while (close < typeAt && buf[close] !== QUOTE) close++;
    return close >= typeAt ? UNNAMED : this.symbolAt(buf, symbolAt, close);
  }

  /** The name the event's owner expects its line to have. */
  nameOf(event: TickfoldEvent): number {
    const global = GLOBAL_NAMES[event.type];
    if (global !== undefined) return global;
    return 'symbol' in event ? this.index.get(event.symbol) ?? UNNAMED : UNNAMED;
  }

  /** The symbol whose `"symbol":"<symbol>` ends at `close` (its closing quote), when there are few; else UNNAMED. */
  private symbolEndingAt(buf: Buffer, close: number, from: number): number {
    const symbols = this.symbols;
    if (symbols.length > 16) return UNNAMED;
    for (let i = 0; i < symbols.length; i++) {
      const s = symbols[i]!;
      const at = close - s.length;
      if (at - SYMBOL_KEY.length >= from && bytesAt(buf, at, s) && bytesAt(buf, at - SYMBOL_KEY.length, SYMBOL_KEY)) return i;
    }
    return UNNAMED;
  }

  private symbolAt(buf: Buffer, from: number, to: number): number {
    const symbols = this.symbols;
    // Few symbols: compare bytes; many: one string per line is cheaper than a linear search.
    if (symbols.length > 16) return this.index.get(buf.toString('latin1', from, to)) ?? UNNAMED;
    for (let i = 0; i < symbols.length; i++) {
      const s = symbols[i]!;
      if (s.length === to - from && bytesAt(buf, from, s)) return i;
    }
    return UNNAMED;
  }
}

/**
 * Which thread owns a line of a symbol (all of that symbol's lines go to one thread), or an
 * unnamed line (by seq). The lines every thread folds go to whichever claims them (parts.ts).
 */
export function ownerOf(name: number, seq: number, threads: number): number {
  return name >= 0 ? name % threads : seq % threads;
}

const TICK_KEY = Buffer.from(',"tick":', 'latin1');
const TIME_AFTER_TICK = Buffer.from(',"time":"', 'latin1');
const TYPE_AFTER_TIME = Buffer.from('","type":"', 'latin1');
const BEAT_END = Buffer.from('Heartbeat"}', 'latin1');

/**
 * The top-level fields after `data` (seq, tick, time, type) of a Heartbeat line: all the fold
 * reads of one. Its owner parses the whole line and checks these against it, so any reading
 * that is the same in every thread would do; this one reads the bytes of a canonical tail
 * directly, and the JSON of the tail only when they are not canonical (~0.4 µs a Heartbeat less
 * on every thread: 0.68 -> 0.25 µs on the lines of the 100k-tick session).
 */
export function tailFields(buf: Buffer, start: number, end: number): TickfoldEvent {
  const from = start + EVENT_AT;
  let at = end - 2 - SEQ_KEY.length;
  while (at >= from && !(buf[at + 4] === 0x71 && bytesAt(buf, at, SEQ_KEY))) at--;
  if (at < from) throw new Error('no seq');
  return canonicalTail(buf, at, end) ?? (JSON.parse(`{${buf.toString('utf8', at + 1, end - 1)}`) as TickfoldEvent);
}

/** Where `digitsAt` stopped. */
let digitsEnd = 0;

/** The JSON integer of digits alone at buf[at...], or -1 (none, a leading zero, or too many to be exact). */
function digitsAt(buf: Buffer, at: number): number {
  let n = 0;
  let i = at;
  for (let c = buf[i]! - 0x30; c >= 0 && c <= 9; c = buf[++i]! - 0x30) n = n * 10 + c;
  digitsEnd = i;
  return i === at || i - at > 15 || (buf[at] === 0x30 && i - at > 1) ? -1 : n;
}

/** `,"seq":N,"tick":N,"time":"…","type":"Heartbeat"}` from `at` to the line's closing brace, or null for any other bytes. */
function canonicalTail(buf: Buffer, at: number, end: number): TickfoldEvent | null {
  const seq = digitsAt(buf, at + SEQ_KEY.length);
  if (seq < 0 || !bytesAt(buf, digitsEnd, TICK_KEY)) return null;
  const tick = digitsAt(buf, digitsEnd + TICK_KEY.length);
  if (tick < 0 || !bytesAt(buf, digitsEnd, TIME_AFTER_TICK)) return null;
  const timeAt = digitsEnd + TIME_AFTER_TICK.length;
  let close = timeAt;
  // Printable ASCII without escapes reads the same as latin1 and as JSON.
  for (let c = buf[close]!; c !== QUOTE; c = buf[++close]!) if (close >= end || c < 0x20 || c > 0x7e || c === 0x5c) return null;
  const typeAt = close + TYPE_AFTER_TIME.length;
  if (!bytesAt(buf, close, TYPE_AFTER_TIME) || typeAt + BEAT_END.length !== end - 1 || !bytesAt(buf, typeAt, BEAT_END)) return null;
  return { seq, tick, time: buf.toString('latin1', timeAt, close), type: 'Heartbeat' } as TickfoldEvent;
}
