import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fold, initialState, resolveConfig, type SessionStarted } from '../index.js';
import { beginSession, decideContext, startSession } from '../internal.js';

const config = fc
  .record({
    symbols: fc.uniqueArray(fc.constantFrom('SPY', 'QQQ', 'BRK-B', 'AAA'), { minLength: 1, maxLength: 4 }),
    minBars: fc.integer({ min: 1, max: 80 }),
    fast: fc.integer({ min: 2, max: 20 }),
    extra: fc.integer({ min: 1, max: 100 }),
    cash: fc.integer({ min: 1, max: 1e7 }),
  })
  .map(({ symbols, minBars, fast, extra, cash }) =>
    resolveConfig({ symbols, cash, data: { minBars }, strategies: [{ name: 'sma-cross', params: { fast, slow: fast + extra } }, { name: 'momentum' }] }),
  );

describe('the state a session starts from', () => {
  it("is the same for the engine that records SessionStarted, the replayer and recovery that read it, and a plain fold", () => {
    fc.assert(
      fc.property(config, (c) => {
        const ctx = decideContext(c);
        const written = startSession(initialState(c, ctx.windowSize), ctx, c.clock.start);
        const started = written.events[0] as SessionStarted;
        expect(beginSession(c, started)).toEqual(written.state);
        // A reader that does not know the window size yet (as the NATS replica folds): SessionStarted sets it.
        expect(fold(initialState(c, c.data.minBars), [started])).toEqual(written.state);
      }),
      { numRuns: 200 },
    );
  });
});
