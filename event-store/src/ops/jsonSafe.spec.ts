import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsonSafe } from './jsonSafe.js';

describe('jsonSafe', () => {
  it('turns non-finite numbers into their names and keeps finite ones', () => {
    expect(jsonSafe({ a: NaN, b: Infinity, c: -Infinity, d: -0.5 })).toEqual({ a: 'NaN', b: 'Infinity', c: '-Infinity', d: -0.5 });
  });

  it('writes bigints as decimal strings, also inside BigInt64Array', () => {
    expect(jsonSafe({ n: 12345678901234567890n, t: new BigInt64Array([1n, -2n]) })).toEqual({ n: '12345678901234567890', t: ['1', '-2'] });
  });

  it('writes dates as ISO strings and an invalid date as null', () => {
    expect(jsonSafe([new Date(0), new Date('nope')])).toEqual(['1970-01-01T00:00:00.000Z', null]);
  });

  it('turns typed arrays into arrays (non-finite floats named), buffers into their size', () => {
    expect(jsonSafe({ f: new Float64Array([1.5, NaN]), u: new Uint8Array([7]), b: new ArrayBuffer(3) })).toEqual({ f: [1.5, 'NaN'], u: [7], b: { byteLength: 3 } });
  });

  it('turns maps, sets, errors and cycles into plain JSON', () => {
    const cyclic: Record<string, unknown> = { name: 'c' };
    cyclic['self'] = cyclic;
    const err = Object.assign(new Error('boom'), { code: 'E_X' });
    expect(jsonSafe({ m: new Map([[1, 'a']]), s: new Set([1]), e: err, c: cyclic, u: undefined, f: () => 1 })).toEqual({
      m: { '1': 'a' },
      s: [1],
      e: { name: 'Error', message: 'boom', code: 'E_X' },
      c: { name: 'c', self: '[Circular]' },
    });
  });

  it('keeps a "__proto__" key as a key, as JSON.parse does, instead of setting the prototype', () => {
    const value = JSON.parse('{"__proto__":[1],"a":{"__proto__":{"b":2}}}') as unknown;
    const safe = jsonSafe(value);
    expect(JSON.stringify(safe)).toBe('{"__proto__":[1],"a":{"__proto__":{"b":2}}}');
    expect(Object.getPrototypeOf(safe)).toBe(Object.prototype);
  });

  it('always yields plain JSON: stringify accepts it and parse gives back the same value', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withDate: true, withTypedArray: true, withMap: true, withSet: true, withNullPrototype: true, withSparseArray: true }), (value) => {
        const safe = jsonSafe(value) ?? null;
        expect(JSON.parse(JSON.stringify(safe))).toStrictEqual(safe);
      }),
      { numRuns: 300 },
    );
  });
});
