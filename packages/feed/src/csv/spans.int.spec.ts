import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEngine, Replayer, resolveConfig, type EventRecord, type TickfoldEvent } from '@tickfold/core';
import { createFeed } from '../createFeed.js';

const FIXTURES = fileURLToPath(new URL('../../test-fixtures/ohlcv/', import.meta.url));
const FILES = ['orcl-1995-2014.csv', 'nvda-1999-2014.csv', 'yhoo-1996-2015.csv'];
const day = (iso: string) => iso.slice(0, 10);

let shared: ReturnType<typeof runOnce> | undefined;
/** One run shared by the tests below (it takes seconds). */
const threeFileRun = () => (shared ??= runOnce());

/** The run: three files of different spans, SMA 10/30 at the next open, whole shares, the feed-failure switch on. */
const CONFIG = {
    symbols: ['NVDA', 'ORCL', 'YHOO'],
    feed: { kind: 'csv', options: { files: FILES } },
    strategies: [{ name: 'sma-cross', weight: 1, params: { fast: 10, slow: 30 } }],
    broker: { fill: 'next-open', sizing: 'whole', feeBps: 10 },
    risk: { maxDrawdown: null, dailyLoss: null, maxConsecutiveFallbacks: 5 },
};
async function runOnce() {
  const config = resolveConfig(CONFIG);
  const feed = createFeed(config, { baseDir: FIXTURES });
  const engine = createEngine(config, { feed });
  const records: EventRecord[] = [];
  engine.events$.subscribe((r) => records.push(r));
  const result = await engine.run({ ticks: feed.tickCount! + 1 });
  return { result, events: records.map((r) => r.event), head: engine.head };
}

const bySymbol = (events: readonly TickfoldEvent[], symbol: string, type: TickfoldEvent['type']) =>
  events.filter((e) => e.type === type && 'symbol' in e && e.symbol === symbol);

describe('symbols with different histories (ORCL 1995–2014, NVDA 1999–2014, YHOO 1996–2015)', () => {
  it('trades every symbol over its whole span with the feed-failure switch on: no Fallback, no trip', async () => {
    const { result, events } = await threeFileRun();
    expect(result.reason).toBe('data-exhausted');
    expect(events.filter((e) => e.type === 'Fallback')).toEqual([]);
    expect(events.filter((e) => e.type === 'KillSwitchTripped')).toEqual([]);
    const spans = Object.fromEntries(['NVDA', 'ORCL', 'YHOO'].map((s) => {
      const bars = bySymbol(events, s, 'BarReceived');
      return [s, [day(bars[0]!.time), day(bars[bars.length - 1]!.time)]];
    }));
    expect(spans).toEqual({ NVDA: ['1999-01-22', '2014-12-31'], ORCL: ['1995-01-03', '2014-12-31'], YHOO: ['1996-04-12', '2015-12-31'] });
    for (const s of ['NVDA', 'ORCL', 'YHOO']) {
      const fills = bySymbol(events, s, 'OrderFilled');
      expect(fills.length, s).toBeGreaterThan(20);
      // Trades start near the span's start and go on to its end, not just for a few days.
      expect(day(fills[fills.length - 1]!.time) > '2014-01-01', s).toBe(true);
    }
  });

  it('records the ticks outside a symbol’s data as BarNotDue before-data / after-data, and replays to the same head', async () => {
    const { events, head } = await threeFileRun();
    const notDue = events.filter((e): e is Extract<TickfoldEvent, { type: 'BarNotDue' }> => e.type === 'BarNotDue');
    const reasons = (s: string) => [...new Set(notDue.filter((e) => e.symbol === s).map((e) => e.data.reason))].sort();
    expect([reasons('NVDA'), reasons('ORCL'), reasons('YHOO')]).toEqual([['after-data', 'before-data'], ['after-data'], ['before-data']]);
    const nvdaBefore = notDue.filter((e) => e.symbol === 'NVDA' && e.data.reason === 'before-data');
    expect(day(nvdaBefore[nvdaBefore.length - 1]!.time) < '1999-01-22').toBe(true);
    expect(nvdaBefore[0]!.data.message).toBe('NVDA has no bar for 1995-01-03: its data starts 1999-01-22');
    const orclAfter = notDue.filter((e) => e.symbol === 'ORCL' && e.data.reason === 'after-data');
    expect(day(orclAfter[0]!.time)).toBe('2015-01-02');
    expect(orclAfter).toHaveLength(252);
    const replayer = new Replayer();
    for (const e of events) replayer.push(e);
    expect(replayer.state!.seq).toBe(events.length);
    expect(head).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a run resumed mid-way on a fresh feed reaches the uninterrupted head (the streamed clock skips what the state holds)', async () => {
    const { head } = await threeFileRun();
    const config = resolveConfig(CONFIG);
    const first = createEngine(config, { feed: createFeed(config, { baseDir: FIXTURES }) });
    first.state$.subscribe((s) => { if (s.tick === 1500) first.stop(); }); // late 2000: all three mid-span
    const part = await first.run({ ticks: 100_000 });
    expect([part.reason, part.ticks]).toEqual(['stopped', 1500]);
    const fresh = createFeed(config, { baseDir: FIXTURES });
    const resumed = createEngine(config, { feed: fresh, resume: { state: part.state, head: part.head } });
    const end = await resumed.run({ ticks: fresh.tickCount! + 1 });
    expect(end.reason).toBe('data-exhausted');
    expect(end.head).toBe(head);
  });
});
