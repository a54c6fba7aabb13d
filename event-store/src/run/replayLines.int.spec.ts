import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, chainHash } from '@tickfold/core';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { nodeFileLayer } from '../fileLayer.js';
import { createRun } from '../index.js';
import { listSegments } from '../log/segments.js';
import { CREATED_AT, configOf, runSession, tempDir } from '../test-support/session.js';
import { lineStarts, seg } from '../test-support/damage.js';
import { linesFromThread, linesHere, type SourceLine } from './replayLines.js';

const tmp = tempDir('tickfold-replay-lines-');
afterAll(tmp.cleanup);
const pristine = join(tmp.dir, 'pristine');

beforeAll(async () => {
  // Segments of more than one chunk (1 MiB), so that lines continue from one chunk into the next.
  const writer = createRun({ dir: pristine, config: configOf(4), createdAt: CREATED_AT, segmentMaxBytes: 3 << 20, rotation: 'year', snapshotEvery: 0 });
  await runSession({ seed: 4, ticks: 1200, sinks: [writer] });
  writer.close();
}, 60_000);

const copy = (name: string) => {
  const dir = join(tmp.dir, name);
  fs.cpSync(pristine, dir, { recursive: true });
  return dir;
};
const shape = (l: SourceLine) => ({ segment: l.segment, at: l.at, line: l.line, bytes: l.buf.toString('latin1', l.start, l.end) });
// Each step reuses one line object: read it as it comes.
const here = (dir: string) => Array.from(linesHere(dir, nodeFileLayer, listSegments(dir, nodeFileLayer)), shape);
const fromThread = (dir: string) => {
  const lines = linesFromThread({ dir, segments: listSegments(dir, nodeFileLayer) });
  if (!lines) throw new Error('no reading thread: build the store first (npx tsc -b)');
  const out: (ReturnType<typeof shape> & { checked: boolean })[] = [];
  for (const l of lines) out.push({ ...shape(l), checked: l.checked });
  return out;
};

describe('the thread that reads a log ahead of a replay', () => {
  it('hands over every line of every segment, chunk after chunk, each checked', () => {
    const want = here(pristine);
    expect(new Set(want.map((l) => l.segment)).size).toBeGreaterThan(1);
    expect(fs.statSync(seg(pristine, '000001.jsonl')).size).toBeGreaterThan(2 << 20);
    const got = fromThread(pristine);
    expect(got.every((l) => l.checked)).toBe(true);
    expect(got.map(({ checked: _, ...l }) => l)).toEqual(want);
  });

  it('stops before the first line that does not chain from the one before', () => {
    const dir = copy('flipped');
    const path = seg(dir, '000002.jsonl');
    const starts = lineStarts(path);
    const b = fs.readFileSync(path);
    b[starts[40]! + 100] = b[starts[40]! + 100]! ^ 0x01;
    fs.writeFileSync(path, b);
    const got = fromThread(dir);
    const want = here(dir);
    const first = want.findIndex((l) => l.segment === 2 && l.line === 41);
    expect(got.map(({ checked: _, ...l }) => l)).toEqual(want.slice(0, first));
  });

  it('stops before bytes without a newline at the end of a segment, and at a damaged frame', () => {
    const dir = copy('torn');
    fs.appendFileSync(seg(dir, '000001.jsonl'), '{"h":"0');
    const got = fromThread(dir);
    expect(got.at(-1)).toMatchObject({ segment: 1 });
    expect(got.length).toBe(here(pristine).filter((l) => l.segment === 1).length);
  });

  it('hands over a line longer than a chunk whole, and the lines around it', () => {
    // The thread checks frames and the chain, not what the events say: a chained line of 3 MiB will do.
    const dir = join(tmp.dir, 'long');
    fs.mkdirSync(join(dir, 'events'), { recursive: true });
    let head = GENESIS_HASH;
    const events = ['{"a":1}', `{"b":"${'x'.repeat(3 << 20)}"}`, '{"c":3}'];
    const text = events.map((e) => `{"h":"${(head = chainHash(head, e))}","e":${e}}\n`).join('');
    fs.writeFileSync(seg(dir, '000001.jsonl'), text);
    const got = fromThread(dir);
    expect(got.map((l) => l.bytes.length)).toEqual(events.map((e) => e.length + 77));
    expect(got.map(({ checked: _, ...l }) => l)).toEqual(here(dir));
  });
});
