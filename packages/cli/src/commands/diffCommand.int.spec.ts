import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, type Feed, type Observation } from '@tickfold/core';
import { createRun } from '@tickfold/event-store';
import { walkFeed } from '../test-support/memoryRun.js';
import { tempDir } from '../test-support/cli.js';
import { compareRuns } from './diffCommand.js';

const root = tempDir('tickfold-diff-');

/** A run on disk whose bars are scaled by 1.01 from `changeAtTick` on (never, by default). */
async function recordRun(name: string, changeAtTick = Infinity): Promise<string> {
  const dir = join(root, name);
  const config = { symbols: ['AAA'], data: { minBars: 10 } };
  const base = walkFeed(9);
  const feed: Feed = {
    name: 'walk',
    poll(r) {
      const o = base.poll(r) as Observation;
      if (o.kind !== 'bars' || r.tick < changeAtTick) return o;
      return { ...o, bars: o.bars.map((b) => ({ ...b, open: b.open * 1.01, high: b.high * 1.01, low: b.low * 1.01, close: b.close * 1.01 })) };
    },
  };
  const writer = createRun({ dir, config, createdAt: '2026-01-01T00:00:00.000Z', policy: { kind: 'close' } });
  const result = await createEngine(config, { feed, sinks: [writer] }).run({ ticks: 80 });
  writer.close({ state: result.state, head: result.head });
  return dir;
}

describe('compareRuns on run directories', () => {
  it('finds two identical runs identical, with their head', async () => {
    const [a, b] = [await recordRun('a'), await recordRun('b')];
    const c = await compareRuns(a, b);
    expect(c).toMatchObject({ identical: true });
  });

  it('names the first event of the tick where the inputs start to differ', async () => {
    const [a, b] = [await recordRun('c'), await recordRun('d', 30)];
    const c = await compareRuns(a, b);
    expect(c.identical).toBe(false);
    if (c.identical) return;
    expect(c.a).toMatchObject({ type: 'BarReceived', tick: 30 });
    expect(c.fields).toEqual(expect.arrayContaining(['/data/bars/0/close']));
  });

  it('does not call a run identical when its log was changed before its last snapshot', async () => {
    const a = await recordRun('e');
    const changed = join(root, 'e-changed');
    cpSync(a, changed, { recursive: true });
    const segment = join(changed, 'events', readdirSync(join(changed, 'events')).sort()[0]!);
    const text = readFileSync(segment, 'utf8');
    const at = text.indexOf('"close":', text.length / 2) + '"close":'.length;
    writeFileSync(segment, `${text.slice(0, at)}${text[at] === '9' ? '8' : '9'}${text.slice(at + 1)}`);
    await expect(compareRuns(a, changed)).rejects.toMatchObject({ code: 'E_LOG_HASH_MISMATCH' });
  });
});
