import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { createRun, openRun, readRun, verifyRun } from '../index.js';
import { CREATED_AT, configOf, runSession, tempDir } from '../test-support/session.js';
import { lineStarts, seg, segments } from '../test-support/damage.js';
import { EVENT_AT } from '../log/line.js';

// Every byte of a segment is covered: the event bytes by the hash, the hash by the chain, and
// the rest of the frame ({"h":" … ","e": … } and the newline) by an exact check of each byte.
const tmp = tempDir('tickfold-frame-');
const pristine = join(tmp.dir, 'pristine');
afterAll(tmp.cleanup);
beforeAll(async () => {
  const writer = createRun({ dir: pristine, config: configOf(4), createdAt: CREATED_AT, snapshotEvery: 0 });
  await runSession({ seed: 4, ticks: 6, sinks: [writer] });
  writer.close();
  for (const n of fs.readdirSync(join(pristine, 'snapshots'))) fs.unlinkSync(join(pristine, 'snapshots', n));
});

let copies = 0;
/** A copy of the run with one byte of line `index` (0-based) of its only segment changed. */
function withByte(index: number, at: (start: number, end: number) => number, value?: number) {
  const dir = join(tmp.dir, `copy-${++copies}`);
  fs.cpSync(pristine, dir, { recursive: true });
  const path = seg(dir, segments(dir)[0]!);
  const starts = lineStarts(path);
  const b = fs.readFileSync(path);
  const pos = at(starts[index]!, starts[index + 1]! - 1);
  b[pos] = value ?? b[pos]! ^ 0x01;
  fs.writeFileSync(path, b);
  return { dir, start: starts[index]! };
}

describe('a changed frame byte is damage at its line', () => {
  const LINE = 5; // seq 6, in the middle of the log
  const framePositions = [...Array.from({ length: EVENT_AT + 1 }, (_, i) => i), -2, -1]; // head, hash, mid, '{'; '}' and '\n' from the end

  it.each(framePositions)('byte %i of the frame (negative: from the line end) flipped: verify, read and resume stop at seq 6', (i) => {
    const { dir, start } = withByte(LINE, (s, nl) => (i >= 0 ? s + i : nl + 1 + i));
    const report = verifyRun(dir);
    expect(report.ok).toBe(false);
    expect(report.problem).toMatchObject({ seq: LINE + 1, offset: start });
    expect(report.problem!.code).toMatch(/^E_LOG_(FRAME|JSON|HASH_MISMATCH)$/);
    expect(() => [...readRun(dir)]).toThrow(/^E_LOG_/);
    expect(() => openRun(dir, { forWrite: true })).toThrow(/^E_LOG_/);
  });

  it('the separators that once passed unchecked (the quote and colon after "h", the comma and quotes around "e") are E_LOG_FRAME', () => {
    for (const i of [3, 4, 70, 71, 72, 74]) {
      const { dir } = withByte(LINE, (s) => s + i, 0x20);
      expect(verifyRun(dir).problem, `byte ${i}`).toMatchObject({ code: 'E_LOG_FRAME', seq: LINE + 1 });
    }
  });
});
