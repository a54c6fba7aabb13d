import { describe, expect, it } from 'vitest';
import { createRegistry, fold, initialState, Replayer, resolveConfig, type Strategy, type TickfoldEvent } from '../index.js';
import { errorOf } from '../test-support/errors.js';
import { scriptedFeed, walk } from '../test-support/scriptedFeed.js';
import { runCollect } from '../test-support/collect.js';

const breakout: Strategy = {
  name: 'breakout',
  defaults: { n: 5 },
  window: (p) => p['n']!,
  target: (bars) => (bars[bars.length - 1]!.close >= Math.max(...bars.map((b) => b.close)) ? 1 : 0),
};
const config = { symbols: ['AAA'], data: { minBars: 3 }, strategies: [{ name: 'breakout', weight: 1, params: { n: 8 } }] };
const session = () => runCollect(config, { feed: scriptedFeed({ closes: { AAA: walk('b', -20, 40) } }), registry: createRegistry([breakout]) }, 40);

const replay = (events: readonly TickfoldEvent[], strategy: Strategy) => {
  const r = new Replayer({ registry: createRegistry([strategy]) });
  for (const e of events) r.push(e);
  return r;
};

describe('the log records the strategies code', () => {
  it('SessionStarted records each strategy with its params, window, origin and code hash, and the window size', async () => {
    const run = await session();
    const started = run.events[0] as Extract<TickfoldEvent, { type: 'SessionStarted' }>;
    expect(started.data.strategies).toEqual([{ name: 'breakout', origin: 'embedded', params: { n: 8 }, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), weight: 1, window: 8 }]);
    expect(started.data.windowSize).toBe(8);
  });

  it('a reader folds the log without the strategy: the recorded window size stands in for the code', async () => {
    const run = await session();
    expect(fold(initialState(resolveConfig(config), 1), run.events)).toEqual(run.result.state);
  });

  it('replay with the same code passes; with edited code it refuses, naming the strategy and both hashes', async () => {
    const run = await session();
    expect(replay(run.events, breakout).state).toEqual(run.result.state);
    const edited: Strategy = { ...breakout, target: () => 0 };
    const e = errorOf(() => replay(run.events, edited));
    expect(e.code).toBe('E_STRATEGY_CHANGED');
    const recorded = (run.events[0] as Extract<TickfoldEvent, { type: 'SessionStarted' }>).data.strategies[0]!.sha256;
    expect(e.message).toContain(`strategy 'breakout' changed`);
    expect(e.message).toContain(recorded);
    expect(e.details).toMatchObject({ recorded, loaded: expect.not.stringMatching(recorded) });
  });

  it('an impure strategy (state kept between calls) is caught by replay at the first signal it changes', async () => {
    let calls = 0;
    const impure: Strategy = { ...breakout, name: 'impure', target: () => (calls++ % 2 === 0 ? 1 : 0) };
    const cfg = { ...config, strategies: [{ name: 'impure', weight: 1, params: {} }] };
    const run = await runCollect(cfg, { feed: scriptedFeed({ closes: { AAA: walk('b', -20, 40) } }), registry: createRegistry([impure]) }, 40);
    calls = 1; // the replay starts from another call count, as a second process would
    const e = errorOf(() => replay(run.events, impure));
    expect(e.code).toBe('E_REPLAY_MISMATCH');
  });
});
