import { describe, expect, it } from 'vitest';
import { resolveConfig, TickfoldError } from '@tickfold/core';
import { fileURLToPath } from 'node:url';
import { createFeed } from './createFeed.js';

const fails = (f: () => unknown): TickfoldError => {
  try { f(); } catch (e) { if (e instanceof TickfoldError) return e; throw e; }
  throw new Error('expected a TickfoldError');
};

describe('createFeed', () => {
  it('builds the synthetic feed by default', () => {
    expect(createFeed(resolveConfig({})).name).toBe('synthetic');
  });

  it('rejects an unknown option with E_CONFIG_INVALID naming its pointer', () => {
    const e = fails(() => createFeed(resolveConfig({ feed: { kind: 'synthetic', options: { volatilty: 2 } } })));
    expect(e.code).toBe('E_CONFIG_INVALID');
    expect(e.details['pointers']).toEqual(['/feed/options/volatilty']);
    expect(e.message).toContain("field /feed/options must NOT have additional properties ('volatilty' is not part of the schema) [rule: additionalProperties]");
  });

  it('rejects a nested option of the wrong type with its full pointer', () => {
    const e = fails(() => createFeed(resolveConfig({ feed: { kind: 'synthetic', options: { faults: { failureRate: 2 } } } })));
    expect(e.details['pointers']).toEqual(['/feed/options/faults/failureRate']);
  });

  it('rejects an unknown feed kind naming /feed/kind', () => {
    const e = fails(() => createFeed(resolveConfig({ feed: { kind: 'bloomberg' } })));
    expect(e.code).toBe('E_CONFIG_INVALID');
    expect(e.message).toContain("/feed/kind 'bloomberg'");
  });

  it('leaves the config it was given untouched', () => {
    const config = resolveConfig({ feed: { kind: 'synthetic', options: {} } });
    createFeed(config);
    expect(config.feed.options).toEqual({});
  });

  it('builds the csv and yahoo feeds from their options', () => {
    const dir = fileURLToPath(new URL('../test-fixtures/ohlcv/', import.meta.url));
    const csv = createFeed(resolveConfig({ symbols: ['ORCL'], feed: { kind: 'csv', options: { files: ['orcl-2003-2005.csv'] } } }), { baseDir: dir });
    expect([csv.name, csv.tickCount]).toEqual(['csv', 756]);
    expect(createFeed(resolveConfig({ clock: { mode: 'real' }, feed: { kind: 'yahoo', options: { baseUrl: 'http://127.0.0.1:9' } } })).name).toBe('yahoo');
  });

  it('rejects bad yahoo and csv options with their pointers', () => {
    const yahoo = fails(() => createFeed(resolveConfig({ feed: { kind: 'yahoo', options: { baseUrl: 'ftp://x', interval: '7m', retries: 3 } } })));
    expect((yahoo.details['pointers'] as string[]).sort()).toEqual(['/feed/options/baseUrl', '/feed/options/interval', '/feed/options/retries']);
    expect(yahoo.message).toContain('/feed/options/interval must be one of "1m", "2m"');
    const csv = fails(() => createFeed(resolveConfig({ feed: { kind: 'csv', options: {} } })));
    expect(csv.message).toContain("/feed/options must have required property 'files'");
  });
});
