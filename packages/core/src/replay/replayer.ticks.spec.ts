import { describe, expect, it } from 'vitest';
import { createRegistry, isInputEvent, Replayer, type Strategy } from '../index.js';
import { errorOf } from '../test-support/errors.js';
import { scriptedFeed, walk } from '../test-support/scriptedFeed.js';
import { runCollect } from '../test-support/collect.js';

let calls = 0;
/** Pure in what it returns; counts its calls, to see how often replay runs it. */
const counted: Strategy = { name: 'counted', defaults: { n: 5 }, window: (p) => p['n']!, target: (bars) => (calls++, bars[bars.length - 1]!.close > bars[0]!.close ? 0.5 : -0.5) };
const config = { symbols: ['AAA', 'BBB'], data: { minBars: 3 }, strategies: [{ name: 'counted', weight: 1, params: { n: 4 } }] };
const registry = createRegistry([counted]);
const session = () => runCollect(config, { feed: scriptedFeed({ closes: { AAA: walk('t1', -20, 30), BBB: walk('t2', -20, 30) } }), registry }, 30);

type Records = Awaited<ReturnType<typeof session>>['records'];
/** A line as a log holds it: its bytes, and the event only for inputs (what a reader parses). */
const asStored = (x: Records[number]) => ({ canonical: x.canonical, event: isInputEvent(x.event) ? x.event : undefined });

/** A replayer that has pushed every event before tick `tick`, and that tick's records and stored lines. */
function replayedTo(records: Records, tick: number) {
  const r = new Replayer({ registry });
  const start = records.findIndex((x) => x.event.type === 'TickStarted' && x.event.tick === tick);
  const hb = records.findIndex((x) => x.event.type === 'Heartbeat' && x.event.tick === tick);
  for (const x of records.slice(0, start)) r.push(x.event, x.canonical);
  const recorded = records.slice(start, hb + 1);
  return { r, recorded, lines: recorded.map(asStored) };
}

describe('proving whole ticks from stored bytes (Replayer#deriveTick)', () => {
  it('reaches the live state, handing back the parsed inputs and the re-derived events equal to the stored bytes', async () => {
    const run = await session();
    const r = new Replayer({ registry });
    const seen: string[] = [];
    let i = 0;
    while (i < run.records.length) {
      const first = run.records[i]!;
      if (first.event.type === 'SessionStarted' || first.event.type === 'SessionEnded') {
        r.push(first.event, first.canonical);
        seen.push(first.canonical);
        i += 1;
        continue;
      }
      const end = run.records.findIndex((x, k) => k >= i && x.event.type === 'Heartbeat');
      const records = run.records.slice(i, end + 1);
      const derived = r.deriveTick(records.map(asStored))!;
      expect(derived).not.toBeNull();
      r.commitTick(derived);
      derived.events.forEach((e, k) => {
        expect(e).toEqual(records[k]!.event);
        if (isInputEvent(e)) expect(e).toBe(records[k]!.event);
      });
      seen.push(...records.map((x) => x.canonical));
      i = end + 1;
    }
    expect(r.state).toEqual(run.result.state);
    expect(seen).toEqual(run.records.map((x) => x.canonical));
  });

  it('refuses a tick whose stored bytes differ from the re-derived ones by one digit, changing nothing; pushed event by event it names that seq', async () => {
    const run = await session();
    const { r, recorded, lines } = replayedTo(run.records, 12);
    const before = r.state;
    const k = lines.findIndex((l) => l.canonical.includes('"type":"SignalComputed"'));
    lines[k] = { ...lines[k]!, canonical: lines[k]!.canonical.replace(/"price":(\d)/, (_m, d: string) => `"price":${(Number(d) + 1) % 10}`) };
    expect(r.deriveTick(lines)).toBeNull();
    expect(r.state).toBe(before);
    const e = errorOf(() => recorded.forEach((x, j) => r.push(x.event, lines[j]!.canonical)));
    expect(e.code).toBe('E_REPLAY_MISMATCH');
    expect(e.details).toMatchObject({ seq: recorded[k]!.event.seq, fields: [] });
  });

  it('runs the strategies once per symbol and tick, even for a tick it refused and that is then pushed event by event', async () => {
    const run = await session();
    const { r, recorded, lines } = replayedTo(run.records, 20);
    lines[lines.length - 1] = { ...lines.at(-1)!, canonical: `${lines.at(-1)!.canonical} ` };
    calls = 0;
    expect(r.deriveTick(lines)).toBeNull();
    expect(calls).toBe(2);
    for (const x of recorded) r.push(x.event, x.canonical);
    expect(calls).toBe(2);
    expect(r.state!.tick).toBe(20);
  });

  it('commits a derived tick only onto the state it was derived from', async () => {
    const run = await session();
    const { r, lines } = replayedTo(run.records, 1);
    const derived = r.deriveTick(lines)!;
    r.commitTick(derived);
    expect(errorOf(() => r.commitTick(derived)).code).toBe('E_REPLAY_ORDER');
  });
});
