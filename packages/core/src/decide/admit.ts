import type { Config } from '../config/schema.js';
import type { Bar, BarNotDue, BarReceived, Fallback, TickfoldEvent, Unsequenced } from '../events/index.js';
import { ISO_INSTANT_PATTERN, SYMBOL_PATTERN, digitsAt, isDayOfDate, lastFormattedMs } from '../events/bar.js';
import type { Observation } from '../engine/feed.js';
import { barSpacingMs, staleLimitMs, staleness } from './staleness.js';
import { keepFirstAtTime } from './duplicates.js';

/**
 * A real UTC instant in toISOString() form: the pattern alone lets 2024-01-39 through. Checked
 * field by field rather than by a round trip through Date (every bar of every tick passes here);
 * a property test holds it equal to the round trip. The text `isoOfMs` made last, in the
 * 24-character form, is one without a check: a backtest's bar carries its tick's very time.
 */
export function isIsoInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  if (value.length === 24 && lastFormattedMs(value) !== undefined) return true;
  if (!ISO_INSTANT_PATTERN.test(value)) return false;
  return digitsAt(value, 11, 2) <= 23 && digitsAt(value, 14, 2) <= 59 && digitsAt(value, 17, 2) <= 59 && isDayOfDate(value);
}

const isPrice = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x) && x > 0;

/** A bar the engine may use: ISO time, finite positive prices, low <= open, close <= high. */
export function isUsableBar(b: Bar): boolean {
  if (b === null || typeof b !== 'object') return false;
  const { open, high, low, close, volume } = b;
  return (
    isIsoInstant(b.time) &&
    isPrice(open) &&
    isPrice(high) &&
    isPrice(low) &&
    isPrice(close) &&
    typeof volume === 'number' &&
    Number.isFinite(volume) &&
    volume >= 0 &&
    low <= Math.min(open, close) &&
    high >= Math.max(open, close)
  );
}

type Admitted = Unsequenced<BarReceived> | Unsequenced<BarNotDue> | Unsequenced<Fallback>;

/**
 * Whether a new bar was due by `nowMs`: the newest bar held is older than the staleness limit
 * (the bar interval plus the grace that `data.maxDataAgeMs` gives, 1 h intraday and 5 days daily
 * by default). Before a symbol's first bar one is always due.
 */
export function barOverdue(s: AdmitView, nowMs: number, config: Config): boolean {
  if (s.lastBarTime === null) return true;
  return nowMs - Date.parse(s.lastBarTime) > staleLimitMs(config.data.maxDataAgeMs, barSpacingMs(s.bars));
}

export interface AdmitView {
  readonly symbol: string;
  readonly lastBarTime: string | null;
  /** Plain (non-draft) window, oldest first. */
  readonly bars: readonly Bar[];
}

/**
 * Admits what a poll observed, whatever the feed: drops unusable, duplicate, future and
 * already-seen bars, and turns "too old" into a Fallback. "Nothing new" is a Fallback (a feed failure) only
 * once a new bar was overdue (see `barOverdue`); before that, and outside the symbol's data, it
 * is a BarNotDue. Idempotent, so replaying a recorded input admits it unchanged.
 */
export function admit(s: AdmitView, obs: Observation, tick: number, time: string, config: Config): Admitted {
  if (obs.kind === 'not-due') return notDue(s, tick, time, obs.reason, obs.message, obs.attempts);
  if (obs.kind === 'fallback') return fallback(s, tick, time, config, obs.reason, obs.message, obs.attempts);

  const { fresh, usable, invalid } = obs.bars.length === 1 ? oneBar(obs.bars[0]!, s.lastBarTime, time) : manyBars(obs.bars, s.lastBarTime, time);
  if (fresh.length === 0) {
    return usable === 0 && invalid > 0
      ? fallback(s, tick, time, config, 'malformed', `all ${invalid} bars were unusable (non-finite, non-positive, high < low, future or duplicate)`, obs.attempts)
      : fallback(s, tick, time, config, 'no-new-bar', `no bar newer than ${s.lastBarTime ?? 'none'}`, obs.attempts);
  }
  const latest = fresh[fresh.length - 1]!;
  // A backtest's clock stands on its bars: a bar of the tick's own instant has no age, so it is
  // fresh under any limit without scanning the window's spacing.
  if (latest.time !== time) {
    // Only the newest six bars set the spacing: no copy of the whole window.
    const limitMs = staleLimitMs(config.data.maxDataAgeMs, barSpacingMs(fresh.length >= 6 ? fresh : s.bars.slice(-(6 - fresh.length)).concat(fresh)));
    const stale = staleness(latest.time, Date.parse(time), limitMs);
    if (stale !== null) return fallback(s, tick, time, config, 'stale', stale, obs.attempts);
  }
  const data = { attempts: obs.attempts, bars: fresh, dropped: obs.dropped + invalid };
  if (!obs.problems?.length) return { type: 'BarReceived', tick, time, symbol: s.symbol, data };
  const problems = obs.problems.map(({ file, line, reason }) => ({ file, line, reason }));
  return { type: 'BarReceived', tick, time, symbol: s.symbol, data: { ...data, problems } };
}

const isCount = (n: number, min: number): boolean => Number.isInteger(n) && n >= min;

/**
 * Whether an event `admit` returned, numbered, meets its schema without the validator run over it:
 * a BarReceived with whole counts and no problems, and a real seq, tick, instant and symbol. Its
 * bars admit checked one by one (`isUsableBar`) and copied field by field (`copyBar`), which is all
 * the schema asks of them; the rest is checked here, for a fraction of the validator's cost on
 * the one event of every symbol's tick. Anything else (a Fallback's or BarNotDue's message, a
 * file-backed feed's problems) goes through the validator. admit.props.spec.ts holds that every
 * event this passes validates, over random observations of every kind of bad value.
 */
export function meetsSchema(event: TickfoldEvent): boolean {
  if (event.type !== 'BarReceived') return false;
  const data = event.data;
  return (
    data.problems === undefined &&
    isCount(data.attempts, 1) &&
    isCount(data.dropped, 0) &&
    isCount(event.seq, 1) &&
    isCount(event.tick, 0) &&
    isIsoInstant(event.time) &&
    SYMBOL_PATTERN.test(event.symbol)
  );
}

function notDue(s: AdmitView, tick: number, time: string, reason: BarNotDue['data']['reason'], message: string, attempts: number): Admitted {
  return { type: 'BarNotDue', tick, time, symbol: s.symbol, data: { attempts, lastBarTime: s.lastBarTime, message, reason } };
}

/** A Fallback; "no new bar" before one was overdue is only a BarNotDue. */
function fallback(s: AdmitView, tick: number, time: string, config: Config, reason: Fallback['data']['reason'], message: string, attempts: number): Admitted {
  if (reason === 'no-new-bar' && !barOverdue(s, Date.parse(time), config)) return notDue(s, tick, time, 'not-due', message, attempts);
  return { type: 'Fallback', tick, time, symbol: s.symbol, data: { attempts, lastBarTime: s.lastBarTime, message, reason } };
}

interface Sorted {
  /** Usable bars newer than the last seen, oldest first, with their keys in sorted order. */
  readonly fresh: Bar[];
  /** Distinct usable bars, new or not. */
  readonly usable: number;
  /** Unusable, future or duplicate bars. */
  readonly invalid: number;
}

const copyBar = (b: Bar): Bar => ({ close: b.close, high: b.high, low: b.low, open: b.open, time: b.time, volume: b.volume });

function manyBars(bars: readonly Bar[], lastBarTime: string | null, time: string): Sorted {
  const byTime = new Map<string, Bar>();
  let invalid = 0;
  for (const b of bars) {
    if (!isUsableBar(b) || b.time > time) invalid++; // ISO instants of one format compare as strings
    else if (!keepFirstAtTime(byTime, b.time, copyBar(b))) invalid++;
  }
  const fresh = [...byTime.values()].filter((b) => lastBarTime === null || b.time > lastBarTime).sort((a, b) => (a.time < b.time ? -1 : 1));
  return { fresh, usable: byTime.size, invalid };
}

/** The same rules for the one bar of a backtest's tick, without the map and the sort. */
function oneBar(b: Bar, lastBarTime: string | null, time: string): Sorted {
  if (!isUsableBar(b) || b.time > time) return { fresh: [], usable: 0, invalid: 1 };
  return { fresh: lastBarTime === null || b.time > lastBarTime ? [copyBar(b)] : [], usable: 1, invalid: 0 };
}
