import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createRun } from '../index.js';
import { nodeFileLayer } from '../fileLayer.js';
import { CREATED_AT, configOf, runSession, tempDir } from '../test-support/session.js';
import { flipByte, lineStarts, seg, segments } from '../test-support/damage.js';
import { LogScan, type Damage } from './scan.js';

const tmp = tempDir('tickfold-scan-');
afterAll(tmp.cleanup);

describe('LogScan', () => {
  it('once it has stopped at damage (salvaging), it reads nothing more: not the lines after the damage left in its batch', async () => {
    const dir = join(tmp.dir, 'run');
    const writer = createRun({ dir, config: configOf(9), createdAt: CREATED_AT, snapshotEvery: 0 });
    await runSession({ seed: 9, ticks: 40, sinks: [writer] });
    writer.close();
    // seq 4's bytes changed, still JSON: its hash no longer matches, in the first batch of lines.
    const first = segments(dir)[0]!;
    flipByte(seg(dir, first), lineStarts(seg(dir, first))[3]! + 100);
    const damage: Damage[] = [];
    const scan = new LogScan(dir, { fs: nodeFileLayer, salvage: true, onDamage: (d) => damage.push(d) });
    const seqs: number[] = [];
    for (let e = scan.next(); e !== null; e = scan.next()) seqs.push(e.event.seq);
    expect(seqs).toEqual([1, 2, 3]);
    // Asked again: still the end, with nothing more read (the lines after seq 4 would each be damage again).
    expect(scan.next()).toBeNull();
    expect(scan.next()).toBeNull();
    expect(damage).toMatchObject([{ code: 'E_LOG_HASH_MISMATCH', seq: 4 }]);
    expect(damage).toHaveLength(1);
    scan.close();
  });
});
