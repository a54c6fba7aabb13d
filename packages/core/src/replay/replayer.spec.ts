import { describe, expect, it } from 'vitest';
import { Replayer, type TickfoldEvent } from '../index.js';
import { errorOf } from '../test-support/errors.js';
import { scriptedFeed, walk } from '../test-support/scriptedFeed.js';
import { runCollect } from '../test-support/collect.js';

const config = { symbols: ['AAA', 'BBB'], broker: { slippageNoiseBps: 2 } };
const session = () =>
  runCollect(config, { feed: scriptedFeed({ closes: { AAA: walk('r1', -60, 80), BBB: walk('r2', -60, 80) }, failures: { BBB: new Map([[10, 'network' as const]]) } }) }, 80);

const replay = (events: readonly TickfoldEvent[]) => {
  const r = new Replayer();
  for (const e of events) r.push(e);
  return r;
};


describe('replay', () => {
  it('re-derives every derived event and reaches the live state', async () => {
    const run = await session();
    expect(replay(run.events).state).toEqual(run.result.state);
  });

  it('names the first seq and the fields where a recorded derived event was changed', async () => {
    const run = await session();
    const i = run.events.findIndex((e) => e.type === 'OrderFilled');
    const fill = run.events[i] as Extract<TickfoldEvent, { type: 'OrderFilled' }>;
    const tampered = [...run.events];
    tampered[i] = { ...fill, data: { ...fill.data, qty: fill.data.qty + 1 } };
    const e = errorOf(() => replay(tampered));
    expect(e.code).toBe('E_REPLAY_MISMATCH');
    expect(e.details).toMatchObject({ seq: fill.seq, fields: ['/data/qty'] });
  });

  it('compares the re-derived events with the stored bytes when it is given them', async () => {
    const run = await session();
    const byStoredBytes = new Replayer();
    for (const r of run.records) byStoredBytes.push(r.event, r.canonical);
    expect(byStoredBytes.state).toEqual(run.result.state);
    // Stored bytes that differ from the re-derived event (one digit of a fill's quantity) are a mismatch.
    const i = run.records.findIndex((r) => r.event.type === 'OrderFilled');
    const tampered = new Replayer();
    const e = errorOf(() => run.records.forEach((r, j) => tampered.push(r.event, j === i ? r.canonical.replace('"qty":', '"qty":1') : r.canonical)));
    expect(e.code).toBe('E_REPLAY_MISMATCH');
    expect(e.details).toMatchObject({ seq: run.records[i]!.event.seq });
  });

  it('flags a recorded derived event that the inputs do not produce', async () => {
    const run = await session();
    const i = run.events.findIndex((e) => e.type === 'SignalComputed');
    const e = errorOf(() => replay([...run.events.slice(0, i), ...run.events.slice(i + 1).map((x) => ({ ...x, seq: x.seq - 1 }))]));
    expect(e.code).toBe('E_REPLAY_MISMATCH');
  });

  it('reports a tick left without its Heartbeat', async () => {
    const run = await session();
    const hb = run.events.findIndex((e) => e.type === 'Heartbeat' && e.tick === 5);
    const r = new Replayer();
    for (const e of run.events.slice(0, hb)) r.push(e);
    expect(r.openTick.map((e) => e.tick)).toEqual(r.openTick.map(() => 5));
    expect(r.state!.tick).toBe(4);
    expect(errorOf(() => r.push(run.events[hb + 1]!)).code).toBe('E_REPLAY_INCOMPLETE_TICK');
  });

  it('refuses a log that does not begin with SessionStarted', async () => {
    const run = await session();
    expect(errorOf(() => replay(run.events.slice(1))).code).toBe('E_REPLAY_NO_SESSION');
  });
});
