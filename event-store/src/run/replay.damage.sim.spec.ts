import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { GENESIS_HASH, Replayer, canonical, chainHash, isTickfoldError, type State, type TickfoldEvent } from '@tickfold/core';
import { createRun, readRun, replayRun } from '../index.js';
import type { ReplayResult, ReplayRunOptions } from './replay.js';
import { CREATED_AT, configOf, runSession, tempDir } from '../test-support/session.js';
import { seg, segments } from '../test-support/damage.js';

const tmp = tempDir('tickfold-replay-damage-');
afterAll(tmp.cleanup);
const pristine = join(tmp.dir, 'pristine');

beforeAll(async () => {
  // Small segments, so that ticks span segment boundaries; snapshots, so that cut lines are lost events.
  const writer = createRun({ dir: pristine, config: configOf(11), createdAt: CREATED_AT, segmentMaxBytes: 12_000, snapshotEvery: 150 });
  await runSession({ seed: 11, ticks: 60, sinks: [writer] });
  writer.close();
});

/**
 * The replay as it was before whole ticks were proven at once: every event read by `readRun`
 * (which parses and checks every line) and pushed into core's Replayer one by one.
 */
function replayEventByEvent(dir: string, options: ReplayRunOptions): ReplayResult {
  const replayer = new Replayer();
  const until = options.until;
  let head = '';
  let seq = 0;
  let ticks = 0;
  let stateAtHead: State | null = null;
  let checked: TickfoldEvent[] = [];
  for (const { event, hash, canonical: bytes } of readRun(dir, options.fs ? { fs: options.fs } : {})) {
    if (until && 'seq' in until && event.seq > until.seq) break;
    replayer.push(event, bytes);
    seq = event.seq;
    checked.push(event);
    if (replayer.openTick.length === 0) {
      for (const e of checked) options.onEvent?.(e);
      checked = [];
      head = hash;
      stateAtHead = replayer.state;
      if (event.type === 'Heartbeat') ticks += 1;
    }
    if (seq % 1000 === 0) options.onProgress?.(seq, NaN);
    if (until && 'tick' in until && event.type === 'Heartbeat' && event.tick >= until.tick) break;
  }
  if (!stateAtHead) throw Object.assign(new Error('empty'), { code: 'E_REPLAY_EMPTY' });
  return { state: stateAtHead, head, events: stateAtHead.seq, ticks };
}

/** What a replay shows: its result or its error (code, message, details), and every event it handed on, as bytes. */
function outcome(replay: (dir: string, options: ReplayRunOptions) => ReplayResult, dir: string, until: ReplayRunOptions['until'], thread = false) {
  const seen: string[] = [];
  try {
    const r = replay(dir, { ...(until ? { until } : {}), thread, onEvent: (e) => seen.push(canonical(e)) });
    return { head: r.head, events: r.events, ticks: r.ticks, state: canonical(r.state), seen };
  } catch (e) {
    if (!isTickfoldError(e) && (e as { code?: string }).code !== 'E_REPLAY_EMPTY') throw e;
    const err = e as { code: string; message: string; details?: unknown };
    return { code: err.code, message: err.code === 'E_REPLAY_EMPTY' ? '' : err.message, details: err.code === 'E_REPLAY_EMPTY' ? null : canonical(err.details ?? null), seen };
  }
}

interface Line {
  hash: string;
  event: string;
}
const LINE = /^\{"h":"([0-9a-f]{64})","e":(.*)\}$/;

/** The run's lines, segment by segment, split into hash and event bytes. */
const readLines = (dir: string): Line[][] =>
  segments(dir).map((n) =>
    fs.readFileSync(seg(dir, n), 'utf8').split('\n').filter(Boolean).map((l) => {
      const m = LINE.exec(l)!;
      return { hash: m[1]!, event: m[2]! };
    }),
  );

/** Writes lines back, the chain recomputed from line `from` (counted over all segments) on: a forger's edit. */
function writeRechained(dir: string, lines: Line[][], from: number): void {
  let i = 0;
  let head = GENESIS_HASH;
  segments(dir).forEach((name, s) => {
    for (const line of lines[s]!) {
      if (i >= from) line.hash = chainHash(head, line.event);
      head = line.hash;
      i += 1;
    }
    fs.writeFileSync(seg(dir, name), lines[s]!.map((l) => `{"h":"${l.hash}","e":${l.event}}\n`).join(''));
  });
}

type Damage = (dir: string, pick: number, digit: number) => string;

const at = (lines: Line[][], pick: number): [Line, number] => {
  const all = lines.flat();
  const i = pick % all.length;
  return [all[i]!, i];
};

/** Damage done the ways replay must tell apart: by the chain, by the reader's checks, or only by re-deriving. */
const damages: Record<string, Damage> = {
  none: () => 'none',
  'a byte flipped': (dir, pick) => {
    const names = segments(dir);
    const path = seg(dir, names[pick % names.length]!);
    const b = fs.readFileSync(path);
    const offset = (pick * 7919) % b.length;
    b[offset] = b[offset]! ^ 0x04;
    fs.writeFileSync(path, b);
    return `byte ${offset}`;
  },
  'a digit of an event changed, chain recomputed': (dir, pick, digit) => {
    const lines = readLines(dir);
    const [line, i] = at(lines, pick);
    const digits = [...line.event.matchAll(/\d/g)].map((m) => m.index);
    const where = digits[digit % digits.length]!;
    line.event = line.event.slice(0, where) + String((Number(line.event[where]) + 1) % 10) + line.event.slice(where + 1);
    writeRechained(dir, lines, i);
    return `line ${i}`;
  },
  'an event rewritten as other JSON of the same value, chain recomputed': (dir, pick) => {
    const lines = readLines(dir);
    const [line, i] = at(lines, pick);
    line.event = line.event.replace('":', '": ');
    writeRechained(dir, lines, i);
    return `line ${i}`;
  },
  'a key its schema does not allow added to an event, chain recomputed': (dir, pick) => {
    const lines = readLines(dir);
    const [line, i] = at(lines, pick);
    line.event = line.event.replace('{"data":{', '{"data":{"extra":1,').replace('"extra":1,}', '"extra":1}');
    writeRechained(dir, lines, i);
    return `line ${i}`;
  },
  'a line removed, chain recomputed': (dir, pick) => {
    const lines = readLines(dir);
    const [, i] = at(lines, pick);
    let k = i;
    const s = lines.findIndex((l) => (k < l.length ? true : ((k -= l.length), false)));
    lines[s]!.splice(k, 1);
    writeRechained(dir, lines, i);
    return `line ${i}`;
  },
  'two lines swapped, chain recomputed': (dir, pick) => {
    const lines = readLines(dir);
    const all = lines.flat();
    const i = pick % (all.length - 1);
    const a = all[i]!;
    const b = all[i + 1]!;
    [a.event, b.event] = [b.event, a.event];
    writeRechained(dir, lines, i);
    return `line ${i}`;
  },
  'the log cut at a byte': (dir, pick) => {
    const names = segments(dir);
    const keep = names.slice(0, 1 + (pick % names.length));
    for (const n of names.slice(keep.length)) fs.unlinkSync(seg(dir, n));
    const path = seg(dir, keep.at(-1)!);
    const size = fs.statSync(path).size;
    fs.truncateSync(path, (pick * 104_729) % size);
    return `${keep.at(-1)} at ${(pick * 104_729) % size}`;
  },
  'garbage after the last line': (dir, pick) => {
    fs.appendFileSync(seg(dir, segments(dir).at(-1)!), pick % 2 === 0 ? '{"h":"00' : 'garbage\n');
    return 'appended';
  },
  'a segment removed': (dir, pick) => {
    const names = segments(dir);
    fs.unlinkSync(seg(dir, names[pick % names.length]!));
    return 'removed';
  },
};

describe('replayRun, proving whole ticks at once, reports what the event-by-event replay reports', () => {
  it('on a healthy log: the same result and the same events handed on, read on this thread or on a second one', () => {
    const want = outcome(replayEventByEvent, pristine, undefined);
    expect(outcome(replayRun, pristine, undefined, false)).toEqual(want);
    expect(outcome(replayRun, pristine, undefined, true)).toEqual(want);
    expect(readLines(pristine).length).toBeGreaterThan(3);
  });

  it('on random damage and random `until`: the same result, or the same first error, and the same events handed on, read on either thread', () => {
    let n = 0;
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(damages)),
        // Unbiased: damage anywhere in the log, not mostly near its start.
        fc.noBias(fc.nat()),
        fc.nat(),
        fc.oneof(fc.constant(undefined), fc.record({ seq: fc.integer({ min: 1, max: 900 }) }), fc.record({ tick: fc.integer({ min: 0, max: 70 }) })),
        // One case in eight reads on a second thread: starting one costs a tenth of a second or more.
        fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
        (damage, pick, digit, until, thread) => {
          const dir = join(tmp.dir, `d${n++}`);
          fs.cpSync(pristine, dir, { recursive: true });
          damages[damage]!(dir, pick, digit);
          const want = outcome(replayEventByEvent, dir, until);
          expect(outcome(replayRun, dir, until, thread)).toEqual(want);
          seen.add(want.code ?? 'ok');
          fs.rmSync(dir, { recursive: true, force: true });
        },
      ),
      { numRuns: 400, seed: 8 },
    );
    // The damage reached every kind of outcome: a replay that passes, a mismatch, and the reader's own errors.
    expect([...seen].sort()).toEqual(expect.arrayContaining(['E_LOG_EVENT_INVALID', 'E_LOG_FRAME', 'E_LOG_HASH_MISMATCH', 'E_LOG_JSON', 'E_LOG_LOST', 'E_LOG_SEGMENT_MISSING', 'E_LOG_SEQ', 'E_LOG_TICK', 'E_REPLAY_MISMATCH', 'ok']));
  }, 120_000);
});
