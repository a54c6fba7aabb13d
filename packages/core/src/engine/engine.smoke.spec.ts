import { describe, expect, it } from 'vitest';
import { createEngine } from '../index.js';
import { scriptedFeed, walk } from '../test-support/scriptedFeed.js';

describe('engine smoke', () => {
  it('runs 100 ticks on a scripted feed', async () => {
    const feed = scriptedFeed({ closes: { SPY: walk('a', -60, 100), QQQ: walk('b', -60, 100) } });
    const engine = createEngine({ symbols: ['SPY', 'QQQ'] }, { feed });
    const result = await engine.run({ ticks: 100 });
    console.log(result.reason, result.events, result.head, JSON.stringify(engine.status()));
    expect(result.ticks).toBe(100);
  });
});
