import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value } from '@sinclair/typebox/value';
import { IsoTime } from './bar.js';
import { isIsoInstant } from '../decide/admit.js';

const instant = fc.date({ min: new Date('0001-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }).map((d) => d.toISOString());
/** An instant with one character replaced: most are no longer instants, some still match the pattern. */
const mangled = fc.tuple(instant, fc.nat(23), fc.constantFrom(...'0123456789-:.TZ x'.split(''))).map(([s, i, c]) => s.slice(0, i) + c + s.slice(i + 1));

describe('ISO instants', () => {
  it('admit and the IsoTime schema accept every instant toISOString writes', () => {
    fc.assert(fc.property(instant, (s) => { expect(isIsoInstant(s)).toBe(true); expect(Value.Check(IsoTime, s)).toBe(true); }));
  });

  it('admit accepts nothing the IsoTime schema refuses (it also refuses dates like 2024-01-39)', () => {
    fc.assert(fc.property(mangled, (s) => { if (isIsoInstant(s)) expect(Value.Check(IsoTime, s)).toBe(true); }), { numRuns: 2000 });
    expect(Value.Check(IsoTime, '2024-01-39T00:00:00.000Z')).toBe(true);
    expect(isIsoInstant('2024-01-39T00:00:00.000Z')).toBe(false);
  });
});
