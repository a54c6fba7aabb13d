import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value } from '@sinclair/typebox/value';
import { Symbol as SymbolSchema } from '@tickfold/core';
import { CsvOptions } from './options.js';
import { isSymbol, symbolFromPath } from './symbol.js';

// Symbol-ish strings: letters, digits, the punctuation Yahoo uses and a few it does not.
const candidate = fc.string({ unit: fc.constantFrom(...'AZaz09^.=-_ $'.split('')), maxLength: 22 });

describe('symbols', () => {
  it('accepts exactly what the core Symbol schema accepts', () => {
    fc.assert(fc.property(candidate, (s) => { expect(isSymbol(s)).toBe(Value.Check(SymbolSchema, s)); }), { numRuns: 2000 });
  });

  it('keys the csv options by the same pattern', () => {
    const byName = CsvOptions.properties.files.anyOf[1] as { patternProperties: Record<string, unknown> };
    expect(Object.keys(byName.patternProperties)).toEqual([SymbolSchema.pattern]);
  });

  it('names a file after its stem without a year range', () => {
    expect(symbolFromPath('data/orcl-1995-2014.csv')).toBe('ORCL');
    expect(symbolFromPath('brk-b.csv')).toBe('BRK-B');
    expect(symbolFromPath('not a symbol.csv')).toBeUndefined();
  });
});
