import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resolveConfig, type Bar, type Config } from '../index.js';
import { admit, barOverdue, isIsoInstant } from './admit.js';
import { barSpacingMs, staleLimitMs } from './staleness.js';
import { isCalendarDate } from '../events/bar.js';

const maxDataAgeMs = (config: Config, bars: readonly Bar[]) => staleLimitMs(config.data.maxDataAgeMs, barSpacingMs(bars));

/** The definition the field-by-field check stands in for: a round trip through Date. */
const roundTrip = (value: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value)) return false;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && new Date(ms).toISOString() === value;
};

const pad = (n: number, w: number) => String(n).padStart(w, '0');
/** Strings of the instant's shape with every field allowed out of range (month 13, day 31 of April, 24:00…). */
const shaped = fc
  .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 999 }))
  .map(([y, mo, d, h, mi, s, ms]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}Z`);
/** Real instants, so the valid side (29 February, month ends) is well covered. */
const real = fc.date({ min: new Date(Date.UTC(0, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }).map((d) => d.toISOString());
/** Real instants one field nudged: the day after a month's end, 29 February of a common year. */
const nudged = fc.tuple(real, fc.integer({ min: 0, max: 22 }), fc.integer({ min: -1, max: 1 })).map(([iso, at, by]) => {
  const c = iso.charCodeAt(at);
  return c >= 48 && c <= 57 ? iso.slice(0, at) + String.fromCharCode(48 + ((c - 48 + by + 10) % 10)) + iso.slice(at + 1) : iso;
});

/** What a calendar date means: the day survives a round trip through Date as an ISO instant. */
const dateRoundTrip = (date: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const iso = `${date}T00:00:00.000Z`;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) && new Date(ms).toISOString() === iso;
};
const shapedDate = fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 19 }), fc.integer({ min: 0, max: 39 })).map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);

describe('isCalendarDate', () => {
  it('accepts exactly the dates that survive a round trip through Date', () => {
    fc.assert(
      fc.property(fc.oneof(shapedDate, real.map((iso) => iso.slice(0, 10)), fc.string()), (date) => {
        expect(isCalendarDate(date)).toBe(dateRoundTrip(date));
      }),
      { numRuns: 20000, seed: 21 },
    );
  });
});

describe('isIsoInstant', () => {
  it('accepts exactly the strings that survive a round trip through Date', () => {
    fc.assert(fc.property(fc.oneof(shaped, real, nudged, fc.string()), (s) => {
      expect(isIsoInstant(s)).toBe(roundTrip(s));
    }), { numRuns: 20000, seed: 11 });
  });

  it('refuses 29 February of a common year, 24:00 and a leap second, and accepts 29 February 2000', () => {
    expect(isIsoInstant('2023-02-29T00:00:00.000Z')).toBe(false);
    expect(isIsoInstant('1900-02-29T00:00:00.000Z')).toBe(false);
    expect(isIsoInstant('2000-02-29T00:00:00.000Z')).toBe(true);
    expect(isIsoInstant('2024-01-01T24:00:00.000Z')).toBe(false);
    expect(isIsoInstant('2016-12-31T23:59:60.000Z')).toBe(false);
  });
});

const HOUR = 3_600_000;
const T0 = Date.UTC(2020, 0, 6);
const iso = (ms: number) => new Date(ms).toISOString();
/** A window of bars at a random spacing (minutes to days), oldest first. */
const window = fc.tuple(fc.integer({ min: 1, max: 8 }), fc.constantFrom(60_000, 5 * 60_000, HOUR, 4 * HOUR, 24 * HOUR, 72 * HOUR)).map(([n, step]) =>
  Array.from({ length: n }, (_, i): Bar => ({ time: iso(T0 + i * step), open: 10, high: 11, low: 9, close: 10, volume: 1 })),
);
const limit = fc.option(fc.integer({ min: 1, max: 10 * 24 * HOUR }), { nil: null });
const age = fc.oneof(fc.integer({ min: 0, max: 2 * HOUR }), fc.integer({ min: 0, max: 12 * 24 * HOUR }));

describe('the staleness shortcut', () => {
  it('finds a bar overdue exactly when its age is past the full limit (configured, or inferred from the spacing)', () => {
    fc.assert(
      fc.property(window, limit, age, (bars, maxDataAgeMsSetting, ageMs) => {
        const config = resolveConfig({ data: { maxDataAgeMs: maxDataAgeMsSetting } });
        const last = bars[bars.length - 1]!;
        const now = Date.parse(last.time) + ageMs;
        expect(barOverdue({ symbol: 'SPY', lastBarTime: last.time, bars }, now, config)).toBe(ageMs > maxDataAgeMs(config, bars));
      }),
      { numRuns: 3000, seed: 3 },
    );
  });

  it('calls a new bar stale exactly when its age is past the full limit over the newest six bars', () => {
    fc.assert(
      fc.property(window, limit, age, (bars, maxDataAgeMsSetting, ageMs) => {
        const config = resolveConfig({ data: { maxDataAgeMs: maxDataAgeMsSetting } });
        const held = bars.slice(0, -1);
        const fresh = bars[bars.length - 1]!;
        const now = iso(Date.parse(fresh.time) + ageMs);
        const out = admit({ symbol: 'SPY', lastBarTime: held.at(-1)?.time ?? null, bars: held }, { kind: 'bars', bars: [fresh], attempts: 1, dropped: 0 }, 1, now, config);
        const stale = ageMs > maxDataAgeMs(config, bars.slice(-6));
        expect(out.type === 'Fallback' && out.data.reason === 'stale').toBe(stale);
        expect(out.type === 'BarReceived').toBe(!stale);
      }),
      { numRuns: 3000, seed: 4 },
    );
  });
});
