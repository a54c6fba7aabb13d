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
/** `"time":"2024-01-02T00:00:00.000Z",` */
const TIME_BYTES = TIME_KEY.length + 24 + 2;
const GLOBAL_NAMES: Readonly<Record<string, number>> = { TickStarted: TICK, Heartbeat: BEAT, SessionStarted: SESSION, SessionEnded: SESSION };
const TYPES = Object.keys(eventSchemas).map((type) => ({ bytes: Buffer.from(type, 'latin1'), global: GLOBAL_NAMES[type] }));

function bytesAt(buf: Buffer, at: number, key: Uint8Array): boolean {
  for (let i = 0; i < key.length; i++) if (buf[at + i] !== key[i]) return false;
  return true;
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
    const type = this.typeAt(buf, open + 1, end - 3);
    if (type === null) return UNNAMED;
    if (type.global !== undefined) return type.global;
    // Before it, `"symbol":"<symbol>","tick":…,"time":"…",`; an ISO time (24 bytes) is skipped at once.
    const timeAt = typeAt - TIME_BYTES;
    let at = (timeAt >= from && bytesAt(buf, timeAt, TIME_KEY) ? timeAt : typeAt) - SYMBOL_KEY.length;
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

  private typeAt(buf: Buffer, from: number, to: number): (typeof TYPES)[number] | null {
    for (const type of TYPES) if (type.bytes.length === to - from && buf[from] === type.bytes[0] && bytesAt(buf, from, type.bytes)) return type;
    return null;
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

/** Which thread owns a line: a symbol's lines go to one thread; session, tick and Heartbeat lines spread by seq. */
export function ownerOf(name: number, seq: number, symbols: number, threads: number): number {
  if (name >= 0) return name % threads;
  // With more threads than symbols, the lines of no symbol go to the threads that own none.
  const spare = threads - symbols;
  return spare > 0 && foldedByAll(name) ? symbols + (seq % spare) : seq % threads;
}

/** The top-level fields after `data` (seq, tick, time, type): all the fold reads of a Heartbeat. */
export function tailFields(buf: Buffer, start: number, end: number): TickfoldEvent {
  const at = buf.lastIndexOf(SEQ_KEY, end - 2);
  if (at < start + EVENT_AT) throw new Error('no seq');
  return JSON.parse(`{${buf.toString('latin1', at + 1, end - 1)}`) as TickfoldEvent;
}
