import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['60s', 60_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1_500],
  ])('reads %s as %i ms', (text, ms) => {
    expect(parseDuration('--poll-interval', text)).toBe(ms);
  });

  it.each(['60', '', 'soon', '5 m', '1h 30m', '0s', '-5s', '5mm', '1w'])('rejects %j naming the flag and showing an example', (text) => {
    expect(() => parseDuration('--poll-interval', text)).toThrow(/E_FLAG_INVALID: --poll-interval .* for example: --poll-interval 60s/);
  });

  it('sums the parts of any well-formed compound duration', () => {
    const units = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 999 }), fc.constantFrom(...(Object.keys(units) as (keyof typeof units)[]))), { minLength: 1, maxLength: 4 }), (parts) => {
        const text = parts.map(([n, u]) => `${n}${u}`).join('');
        expect(parseDuration('--x', text)).toBe(parts.reduce((sum, [n, u]) => sum + n * units[u], 0));
      }),
    );
  });
});

describe('parseDurability', async () => {
  const { parseDurability } = await import('./durability.js');
  it('maps tick, close and a duration onto the store policies', () => {
    expect(parseDurability('tick')).toEqual({ kind: 'tick' });
    expect(parseDurability('close')).toEqual({ kind: 'close' });
    expect(parseDurability('200ms')).toEqual({ kind: 'interval', ms: 200 });
  });
  it('rejects anything else with E_FLAG_INVALID naming --fsync', () => {
    expect(() => parseDurability('always')).toThrow(/E_FLAG_INVALID: --fsync "always" .* --fsync close/);
  });
});
