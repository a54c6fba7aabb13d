import { GENESIS_HASH, Replayer, eventTypes, inputEventTypes, isValidEvent, type State, type StoredTickLine, type StrategyRegistry, type TickfoldEvent } from '@tickfold/core';
import { availableParallelism } from 'node:os';
import { nodeFileLayer, type FileLayer } from '../fileLayer.js';
import { storeError } from '../errors.js';
import { segmentPath } from '../layout.js';
import { readManifest } from './manifest.js';
import { startCursor, type Cursor } from '../log/cursor.js';
import { lineCanonical, lineHash } from '../log/line.js';
import { lastSeq } from '../log/links.js';
import { scanLog } from '../log/scan.js';
import { listSegments } from '../log/segments.js';
import { TickCheck } from '../log/ticks.js';
import { THREAD_MIN_BYTES, chainedHash, linesFromThread, linesHere, type SourceLine } from './replayLines.js';

export interface ReplayRunOptions {
  /** Stop after this seq, or after this tick's Heartbeat. */
  readonly until?: { readonly seq: number } | { readonly tick: number };
  readonly registry?: StrategyRegistry;
  /** Called every 1,000 events and at the end, with the seq reached and the log's last seq (NaN if its tail is torn). */
  readonly onProgress?: (seq: number, total: number) => void;
  readonly fs?: FileLayer;
  /**
   * Sees every event of the result, in seq order, once its tick (or session event) is re-derived
   * and checked: so a caller computes figures over the replayed log without reading it again.
   */
  readonly onEvent?: (event: TickfoldEvent) => void;
  /**
   * Read the log and check its chain on a second thread, ahead of the replay (run/replayLines.ts).
   * Default: when the machine has two cores or more, `fs` reads the files on disk (`onDisk`) and the log holds 16 MiB
   * or more. The result, and any error, are the same either way.
   */
  readonly thread?: boolean;
}

export interface ReplayResult {
  readonly state: State;
  readonly head: string;
  readonly events: number;
  readonly ticks: number;
}

/** How far a replay got: the last seq pushed, and the head and state after the last whole tick or session event. */
interface Reached {
  seq: number;
  head: string;
  ticks: number;
  state: State | null;
}

interface Replay {
  readonly dir: string;
  readonly fs: FileLayer;
  readonly replayer: Replayer;
  readonly options: ReplayRunOptions;
  readonly total: number;
  readonly reached: Reached;
}

/** Where the line-by-line replay takes over: after the last line replayed by whole ticks, and that line's tick. */
interface Handover {
  readonly cursor: Cursor;
  readonly tick: number | null;
}

/**
 * Re-derives a recorded run with core's Replayer: every derived event is recomputed from the
 * recorded inputs and must equal the recorded one (else E_REPLAY_MISMATCH naming seq and fields).
 * Every line is checked as `readRun` checks it (frame, JSON, seq, hash chain, schema, tick).
 *
 * @example const { state, head } = replayRun('runs/a', { until: { tick: 50 } });
 */
export function replayRun(dir: string, options: ReplayRunOptions = {}): ReplayResult {
  const fs = options.fs ?? nodeFileLayer;
  const replayer = new Replayer(options.registry ? { registry: options.registry } : {});
  readManifest(dir, fs);
  const replay: Replay = { dir, fs, replayer, options, total: options.onProgress ? logEnd(dir, fs) : NaN, reached: { seq: 0, head: '', ticks: 0, state: null } };
  const handover = replayByTicks(replay);
  if (handover) replayByLines(replay, handover);
  const { seq, head, ticks, state } = replay.reached;
  options.onProgress?.(seq, Number.isNaN(replay.total) ? seq : replay.total);
  if (!state) throw storeError('E_REPLAY_EMPTY', `${dir} has no complete session event to replay; the log is empty`, { dir });
  return { state, head, events: state.seq, ticks };
}

/** The log's last seq for progress; NaN when it cannot be read (the replay then reports why, whether or not progress is asked for). */
function logEnd(dir: string, fs: FileLayer): number {
  try {
    return lastSeq(dir, fs, listSegments(dir, fs));
  } catch {
    return NaN;
  }
}

/** The stored bytes that end a derived event (canonical keys are sorted, so `type` comes last). */
const DERIVED_TYPES: ReadonlySet<string> = new Set(eventTypes.filter((t) => !inputEventTypes.has(t)));
const TYPE_KEY = '"type":"';
const HEARTBEAT_END = '"type":"Heartbeat"}';
const typeAtEnd = (canonical: string): string => canonical.slice(canonical.lastIndexOf(TYPE_KEY) + TYPE_KEY.length, -2);

interface ReadLine extends StoredTickLine {
  readonly seq: number;
}

/**
 * One line read for a whole-tick proof, or null when any check fails. Frame and hash chain are
 * checked here (unless the reading thread checked them), and every line whose bytes do not end as
 * a derived event's is parsed, its seq and schema checked, as `checkLine` does. A line ending as a
 * derived event is left as bytes: the tick's proof requires them to equal a re-derived event
 * (Replayer#deriveTick), which proves its JSON, seq and schema. Errors are not described here: on
 * null, the line-by-line replay reads the tick again and reports exactly what `readRun` reports.
 */
function readLine({ buf, start, end, checked }: SourceLine, read: { seq: number; head: string }): ReadLine | null {
  if (!checked) {
    const hash = chainedHash(read.head, buf, start, end);
    if (hash === null) return null;
    read.head = hash;
  }
  const canonical = lineCanonical(buf, start, end);
  let event: TickfoldEvent | undefined;
  if (!DERIVED_TYPES.has(typeAtEnd(canonical))) {
    try {
      event = JSON.parse(canonical) as TickfoldEvent;
    } catch {
      return null;
    }
    if ((event as TickfoldEvent | null)?.seq !== read.seq + 1 || !isValidEvent(event)) return null;
  }
  read.seq += 1;
  return { canonical, event, seq: read.seq };
}

/**
 * The replay's fast path: reads the log and proves it tick by tick (Replayer#deriveTick), parsing
 * only the input events; SessionStarted and SessionEnded are pushed as they come. It stops at the
 * first thing that is not a whole, proven tick or session event (damage, a mismatch, the log's end,
 * `until`'s seq) and returns where the line-by-line replay must take over, which then reads from
 * the last line proven, exactly as a replay from the start would, and reports what it finds. Null
 * when `until`'s tick was reached.
 */
function replayByTicks(replay: Replay): Handover | null {
  const { dir, fs, replayer, options, reached } = replay;
  const until = options.until;
  const untilSeq = until && 'seq' in until ? until.seq : Infinity;
  const segments = listSegments(dir, fs);
  const proven: Cursor = startCursor();
  let tick: number | null = null;
  const read = { seq: 0, head: GENESIS_HASH };
  let lines: ReadLine[] = [];
  for (const source of lineSource(replay, segments)) {
    const line = read.seq < untilSeq ? readLine(source, read) : null;
    if (!line) return { cursor: proven, tick };
    const type = line.event?.type;
    if (lines.length === 0 && (type === 'SessionStarted' || type === 'SessionEnded')) {
      if (new TickCheck(tick).check(line.event!) !== null) return { cursor: proven, tick };
      replayer.push(line.event!, line.canonical);
      finish(replay, proven, source, [line], [line.event!]);
      tick = line.event!.tick;
      continue;
    }
    lines.push(line);
    if (lines[0]!.event?.type !== 'TickStarted') return { cursor: proven, tick };
    if (line.event || !line.canonical.endsWith(HEARTBEAT_END)) continue;
    const derived = replayer.deriveTick(lines);
    if (!derived || !continuesTicks(derived.events, lines, tick)) return { cursor: proven, tick };
    // As the line-by-line replay does: progress for each event pushed, the tick's events once it is proven.
    for (let i = 0; i < lines.length - 1; i++) progress(replay, lines[i]!.seq);
    replayer.commitTick(derived);
    finish(replay, proven, source, lines, derived.events);
    tick = derived.events[0]!.tick;
    lines = [];
    reached.ticks += 1;
    if (until && 'tick' in until && tick >= until.tick) return null;
  }
  return { cursor: proven, tick };
}

/** The log's lines, from a reading thread when one is worth starting (see `ReplayRunOptions.thread`), else read here. */
function lineSource({ dir, fs, options }: Replay, segments: readonly string[]): Iterable<SourceLine> {
  const wanted = options.thread ?? (availableParallelism() > 1 && segments.reduce((sum, name) => sum + fs.size(segmentPath(dir, name)), 0) >= THREAD_MIN_BYTES);
  // The same rule as open and verify's parallel read (run/recover.ts): only a file layer whose reads see the files as they are.
  return (wanted && fs.onDisk === true && linesFromThread({ dir, segments })) || linesHere(dir, fs, segments);
}

/** The proven events carry the seqs their lines were read as, and pass the log's tick check (`scanLog`'s). */
function continuesTicks(events: readonly TickfoldEvent[], lines: readonly ReadLine[], tick: number | null): boolean {
  const ticks = new TickCheck(tick);
  return events.every((e, i) => e.seq === lines[i]!.seq && ticks.check(e) === null);
}

/**
 * A whole tick or session event is replayed: hands its events on and moves the head, and the
 * cursor of what is proven, past its last line (`source`, the line just read).
 */
function finish(replay: Replay, proven: Cursor, source: SourceLine, lines: readonly ReadLine[], events: readonly TickfoldEvent[]): void {
  const seq = lines[lines.length - 1]!.seq;
  // The stored hash, read only here: a line checked by the reading thread needs it nowhere else.
  const head = lineHash(source.buf, source.start);
  const onEvent = replay.options.onEvent;
  if (onEvent) for (const e of events) onEvent(e);
  Object.assign(replay.reached, { seq, head, state: replay.replayer.state });
  Object.assign(proven, { segment: source.segment, offset: source.at + (source.end - source.start) + 1, line: source.line, seq, head });
  progress(replay, seq);
}

function progress(replay: Replay, seq: number): void {
  if (seq % 1000 === 0) replay.options.onProgress?.(seq, replay.total);
}

/**
 * The replay event by event, from `from` on: every line as `readRun` reads it, each event pushed
 * into the Replayer as it comes. It reports damage and mismatches exactly (the first one, by its
 * line), and reads the log's end (a torn tail, an open tick, lost events).
 */
function replayByLines(replay: Replay, from: Handover): void {
  const { dir, fs, replayer, options, reached } = replay;
  const until = options.until;
  const onEvent = options.onEvent;
  let checked: TickfoldEvent[] = [];
  for (const { event, hash, canonical } of scanLog(dir, { fs, from: from.cursor, tick: from.tick, salvage: false })) {
    if (until && 'seq' in until && event.seq > until.seq) break;
    // The stored bytes were hashed and checked as they were read: compared as they are, not serialized again.
    replayer.push(event, canonical);
    reached.seq = event.seq;
    if (onEvent) checked.push(event);
    if (replayer.openTick.length === 0) {
      if (onEvent) {
        for (const e of checked) onEvent(e);
        checked = [];
      }
      reached.head = hash;
      reached.state = replayer.state;
      if (event.type === 'Heartbeat') reached.ticks += 1;
    }
    progress(replay, event.seq);
    if (until && 'tick' in until && event.type === 'Heartbeat' && event.tick >= until.tick) break;
  }
}
