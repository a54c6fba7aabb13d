import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resolveConfig, type TickfoldEvent } from '@tickfold/core';
import { referenceSumOfAccountsMetrics, referenceSymbolMetrics } from '../test-support/metricsReference.js';
import type { SymbolMetrics } from './compute.js';
import { runMetrics } from './compute.js';
import { createMetricsTracker } from './stream.js';
import { sumOfAccountsMetrics } from './sum.js';
import { trackRecords } from './track.js';

const DAY_MS = 86_400_000;
const T0 = Date.UTC(2020, 0, 1);
const KINDS = ['max-drawdown', 'daily-loss', 'feed-failure', 'equity-exhausted'] as const;
const iso = (ms: number) => new Date(ms).toISOString();

/** What one symbol does at one tick. */
const symbolTick = fc.record({
  bar: fc.boolean(),
  /** Gap from the symbol's previous bar: daily, weekend, hourly, none or backwards. */
  gapMs: fc.constantFrom(DAY_MS, DAY_MS, DAY_MS, 3 * DAY_MS, 3_600_000, 0, -DAY_MS, 60_000),
  fills: fc.array(fc.record({ qty: fc.integer({ min: -20, max: 20 }).filter((q) => q !== 0), price: fc.double({ min: 1, max: 500, noNaN: true }), fee: fc.double({ min: 0, max: 5, noNaN: true }), writeOff: fc.constantFrom(0, 0, 0, 12.5) }), { maxLength: 2 }),
  trip: fc.option(fc.constantFrom(...KINDS), { freq: 8 }),
  /** Equity as a multiple of the one before (0 wipes it out, and the next return is 0). */
  step: fc.oneof({ weight: 20, arbitrary: fc.double({ min: 0.5, max: 1.6, noNaN: true }) }, { weight: 1, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.constant(1) }),
  position: fc.constantFrom(0, 0, 3, -2, 10),
  price: fc.option(fc.double({ min: 1, max: 500, noNaN: true }), { freq: 6 }),
  halted: fc.option(fc.constantFrom(...KINDS), { freq: 6 }),
});

/** A random session's log: symbols whose bars start late and end early, fills outside their bars, halts, and sometimes a last tick cut before its Heartbeat. */
const sessionLog = fc
  .record({
    symbols: fc.subarray(['AAA', 'BBB', 'CCC'], { minLength: 1 }),
    cash: fc.integer({ min: 100, max: 1_000_000 }),
    ticks: fc.integer({ min: 0, max: 40 }),
    windows: fc.array(fc.tuple(fc.nat(45), fc.nat(45)), { minLength: 3, maxLength: 3 }),
    moves: fc.array(fc.array(symbolTick, { minLength: 3, maxLength: 3 }), { minLength: 41, maxLength: 41 }),
    cut: fc.boolean(),
    ended: fc.boolean(),
  })
  .map(({ symbols, cash, ticks, windows, moves, cut, ended }): TickfoldEvent[] => {
    const names = [...symbols].sort();
    let seq = 1;
    const events: Record<string, unknown>[] = [{ type: 'SessionStarted', seq, tick: 0, time: iso(T0), data: { config: resolveConfig({ symbols: names, cash }) } }];
    const state = names.map(() => ({ equity: cash, barMs: T0 }));
    const last = ticks + (cut ? 1 : 0);
    for (let k = 1; k <= last; k++) {
      const time = iso(T0 + k * DAY_MS);
      const pulses: Record<string, unknown> = {};
      names.forEach((symbol, j) => {
        const m = moves[k - 1]![j]!;
        const [a, b] = windows[j]!;
        const s = state[j]!;
        if (m.bar && k >= Math.min(a, b) && k <= Math.max(a, b)) {
          s.barMs += m.gapMs;
          events.push({ type: 'BarReceived', seq: ++seq, symbol, tick: k, time, data: { bars: [{ time: iso(s.barMs - DAY_MS) }, { time: iso(s.barMs) }] } });
        }
        for (const f of m.fills) events.push({ type: 'OrderFilled', seq: ++seq, symbol, tick: k, time, data: { ...f, cause: 'rebalance' } });
        if (m.trip !== null) events.push({ type: 'KillSwitchTripped', seq: ++seq, symbol, tick: k, time, data: { kind: m.trip, value: 0.3, limit: 0.2, until: null } });
        s.equity = s.equity === 0 ? cash * m.step : s.equity * m.step;
        pulses[symbol] = { equity: s.equity, cash: 0, position: m.position, weight: 0, price: m.price, halted: m.halted };
      });
      // A cut log ends inside its last tick: bars and fills with no Heartbeat after them.
      if (k <= ticks) events.push({ type: 'Heartbeat', seq: ++seq, tick: k, time, data: { equity: 0, symbols: pulses } });
    }
    if (ended && !cut) events.push({ type: 'SessionEnded', seq: ++seq, tick: ticks, time: iso(T0 + ticks * DAY_MS), data: { reason: 'completed', ticks } });
    return events as unknown as TickfoldEvent[];
  });

/** Equal field by field, except the standard deviation's figures, which agree to 1e-12 relative (Welford against two-pass). */
function expectSameMetrics(actual: SymbolMetrics, expected: SymbolMetrics): void {
  const close = (a: number | null, e: number | null) => {
    expect(a === null).toBe(e === null);
    if (a !== null && e !== null) expect(Math.abs(a - e)).toBeLessThanOrEqual(1e-12 * Math.abs(e));
  };
  close(actual.volatility, expected.volatility);
  close(actual.sharpe, expected.sharpe);
  expect({ ...actual, volatility: 0, sharpe: 0 }).toEqual({ ...expected, volatility: 0, sharpe: 0 });
}

describe('streaming metrics', () => {
  it('equal the array formulas over the whole track, on random logs (property)', () => {
    fc.assert(
      fc.property(sessionLog, (events) => {
        const records = events.map((event) => ({ event }));
        const track = trackRecords(records).track!;
        const tracker = createMetricsTracker();
        for (const { event } of records) tracker.push(event);
        const streamed = tracker.metrics()!;
        const fromTrack = runMetrics(track);
        expect(streamed.endReason).toBe(track.endReason);
        expect(Object.keys(streamed.symbols)).toEqual(Object.keys(track.symbols).sort());
        for (const symbol of Object.keys(track.symbols)) {
          const reference = referenceSymbolMetrics(track, symbol);
          expectSameMetrics(streamed.symbols[symbol]!, reference);
          expectSameMetrics(fromTrack.symbols[symbol]!, reference);
        }
        expectSameMetrics(sumOfAccountsMetrics(track), referenceSumOfAccountsMetrics(track));
      }),
      { numRuns: 300 },
    );
  });
});
