import { afterAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import { join } from 'node:path';
import type { TickfoldEvent } from '@tickfold/core';
import { createRun, readRun, replayRun } from '../index.js';
import { CREATED_AT, configOf, runSession, tempDir } from '../test-support/session.js';
import { seg, segments } from '../test-support/damage.js';

const tmp = tempDir('tickfold-replay-');
afterAll(tmp.cleanup);

describe('replayRun hands each checked event on', () => {
  it('every event of the replayed result once, in seq order, and none of a tick left without its Heartbeat', async () => {
    const dir = join(tmp.dir, 'run');
    const writer = createRun({ dir, config: configOf(3), createdAt: CREATED_AT });
    let engine: { stop(): void } | undefined;
    await runSession({ seed: 3, ticks: 40, sinks: [writer, { write: (_r, s) => void (s.tick === 30 && engine?.stop()) }], onEngine: (e) => (engine = e) });
    writer.close();
    // Cut the last Heartbeat (and the snapshot that says the log reached it): its tick is open, so replay stops before it.
    for (const name of fs.readdirSync(join(dir, 'snapshots'))) fs.unlinkSync(join(dir, 'snapshots', name));
    const last = seg(dir, segments(dir).at(-1)!);
    const lines = fs.readFileSync(last, 'utf8').split('\n').filter(Boolean);
    const cut = lines.map((l) => (JSON.parse(l) as { e: TickfoldEvent }).e.type === 'Heartbeat').lastIndexOf(true);
    fs.writeFileSync(last, lines.slice(0, cut).map((l) => `${l}\n`).join(''));
    const seen: TickfoldEvent[] = [];
    const result = replayRun(dir, { onEvent: (e) => seen.push(e) });
    const recorded = [...readRun(dir)].map((s) => s.event);
    expect(recorded.length).toBeGreaterThan(result.events);
    expect(seen).toEqual(recorded.slice(0, result.events));
    expect(seen.at(-1)!.seq).toBe(result.state.seq);
  });
});
