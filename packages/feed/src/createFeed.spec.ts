import { describe, expect, it } from 'vitest';
import { resolveConfig, TickfoldError } from '@tickfold/core';
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
    expect(e.message).toContain('/feed/options/volatilty is not a known option');
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
});
