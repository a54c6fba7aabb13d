import { describe, expect, it } from 'vitest';
import { TickfoldError } from '@tickfold/core';
import { assertAgeLimitFits } from './ageRule.js';
import { yahooFeed } from './feed.js';

const refusal = (f: () => unknown): TickfoldError => {
  try { f(); } catch (e) { if (e instanceof TickfoldError) return e; throw e; }
  throw new Error('expected a TickfoldError');
};

describe('yahoo interval against the staleness limit', () => {
  it('refuses hourly bars under the 1 h default, naming both settings and a limit that works', () => {
    const e = refusal(() => yahooFeed({ seed: 1, minBars: 50, maxDataAgeMs: null, interval: '1h' }));
    expect(e.code).toBe('E_CONFIG_INVALID');
    expect(e.details['pointers']).toEqual(['/feed/options/interval', '/data/maxDataAgeMs']);
    expect(e.message).toContain("/feed/options/interval '1h' cannot work with the default age limit of 1 h");
    expect(e.message).toContain('e.g. 120 min');
  });

  it('refuses weekly and monthly bars under the 5-day daily default, and a configured limit of one interval', () => {
    for (const interval of ['60m', '90m', '5d', '1wk', '1mo', '3mo'] as const) {
      expect(refusal(() => assertAgeLimitFits(interval, null, false)).code).toBe('E_CONFIG_INVALID');
    }
    expect(refusal(() => assertAgeLimitFits('5m', 300_000, false)).message).toContain('data.maxDataAgeMs 300000');
  });

  it('accepts the intervals whose complete bars the default limit can admit, a longer limit, or includePartial', () => {
    for (const interval of ['1m', '2m', '5m', '15m', '30m', '1d'] as const) expect(() => assertAgeLimitFits(interval, null, false)).not.toThrow();
    expect(() => assertAgeLimitFits('1h', 7_200_000, false)).not.toThrow();
    expect(() => assertAgeLimitFits('1wk', null, true)).not.toThrow();
    expect(yahooFeed({ seed: 1, minBars: 50, maxDataAgeMs: 2 * 3_600_000, interval: '1h' }).name).toBe('yahoo');
  });
});
