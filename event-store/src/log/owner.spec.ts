import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonical, type TickfoldEvent } from '@tickfold/core';
import { referenceSession } from '../test-support/session.js';
import { encodeLine, maxLineBytes } from './line.js';
import { BEAT, LineNamer, SESSION, TICK, UNNAMED, ownerOf, tailFields } from './owner.js';

const SYMBOLS = ['AAA', 'BBB', 'CCC'];

function lineOf(hash: string, text: string): { buf: Buffer; start: number; end: number } {
  const buf = Buffer.alloc(maxLineBytes(text) + 8);
  const end = encodeLine(buf, 3, hash, text) - 1;
  return { buf, start: 3, end };
}

const expected = (e: TickfoldEvent): number =>
  e.type === 'TickStarted' ? TICK : e.type === 'Heartbeat' ? BEAT : e.type === 'SessionStarted' || e.type === 'SessionEnded' ? SESSION : SYMBOLS.indexOf((e as { symbol: string }).symbol);

describe('naming which thread owns a line, from its bytes', () => {
  it("names every line of a session by its symbol, or as a line every thread folds, as its owner names the parsed event", async () => {
    const { records } = await referenceSession(11, 40, SYMBOLS);
    const namer = new LineNamer(SYMBOLS);
    const seen = new Set<number>();
    for (const r of records) {
      const { buf, start, end } = lineOf(r.hash, r.canonical);
      const name = namer.name(buf, start, end);
      expect(name).toBe(expected(r.event));
      expect(namer.nameOf(r.event)).toBe(name);
      seen.add(name);
    }
    expect([...seen].sort()).toEqual([SESSION, BEAT, TICK, 0, 1, 2].sort());
  });

  it('names a line of a symbol outside the list, or of an unknown type, or cut short, UNNAMED (only its owner reads it)', async () => {
    const { records } = await referenceSession(12, 3, SYMBOLS);
    const bar = records.find((r) => r.event.type === 'BarReceived')!;
    const namer = new LineNamer(['AAA', 'CCC']);
    const other = { ...bar.event, symbol: 'BBB' } as TickfoldEvent;
    const at = (text: string) => {
      const { buf, start, end } = lineOf(bar.hash, text);
      return namer.name(buf, start, end);
    };
    expect(at(canonical(other))).toBe(UNNAMED);
    expect(namer.nameOf(other)).toBe(UNNAMED);
    expect(at(bar.canonical.replace('"type":"BarReceived"', '"type":"BarArrived"'))).toBe(UNNAMED);
    expect(at(bar.canonical.slice(0, -5) + '}')).toBe(UNNAMED);
  });

  it('never throws on any bytes, and names one owner per line', () => {
    const namer = new LineNamer(SYMBOLS);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(1_000_000), fc.integer({ min: 1, max: 5 }), (bytes, seq, threads) => {
        const buf = Buffer.from(bytes);
        const name = namer.name(buf, 0, buf.length);
        expect([UNNAMED, SESSION, BEAT, TICK, 0, 1, 2]).toContain(name);
        const owner = ownerOf(name, seq, threads);
        expect(owner >= 0 && owner < threads).toBe(true);
      }),
    );
  });

  it("reads a Heartbeat's seq, tick, time and type as the JSON of its line does, or throws where that does", async () => {
    const { records } = await referenceSession(13, 30, SYMBOLS);
    for (const r of records.filter((x) => x.event.type === 'Heartbeat')) {
      const { buf, start, end } = lineOf(r.hash, r.canonical);
      const { seq, tick, time, type } = r.event;
      expect(tailFields(buf, start, end)).toEqual({ seq, tick, time, type });
    }
    const number = fc.oneof(fc.nat().map(String), fc.stringMatching(/^-?\d{1,20}(\.\d{1,3})?([eE][+-]?\d{1,3})?$/));
    const text = fc.oneof(fc.constant('2024-01-02T00:00:00.000Z'), fc.string({ unit: 'binary', maxLength: 30 }).map((t) => JSON.stringify(t)), fc.string({ maxLength: 30 }).map((t) => `"${t}"`));
    const type = fc.constantFrom('Heartbeat', 'Heartbeat', 'TickStarted', 'Heartbeat2', 'heartbeat');
    fc.assert(
      fc.property(number, number, text, type, (seq, tick, time, kind) => {
        const event = `{"data":{"equity":1},"seq":${seq},"tick":${tick},"time":${time},"type":"${kind}"}`;
        const { buf, start, end } = lineOf('0'.repeat(64), event);
        const read = (f: () => unknown) => {
          try {
            return f();
          } catch {
            return 'throws';
          }
        };
        const expected = read(() => {
          const e = JSON.parse(event) as Record<string, unknown>;
          return { seq: e.seq, tick: e.tick, time: e.time, type: e.type };
        });
        expect(read(() => ({ ...tailFields(buf, start, end) }))).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
