import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isUsableBar } from '@tickfold/core/internal';
import { sanitizeRows, type RawRow } from './sanitize.js';

const T0 = Date.parse('2024-01-02T14:30:00.000Z');
const row = (i: number, o: Partial<RawRow> = {}): RawRow => ({ timeMs: T0 + i * 60_000, open: 10, high: 11, low: 9, close: 10.5, volume: 100, ...o });
const opts = { nowMs: T0 + 1_000 * 60_000, intervalMs: 60_000 };

describe('sanitizing rows', () => {
  it('drops nulls, non-finite values, non-positive prices, negative volume and high < low, counting each', () => {
    const r = sanitizeRows(
      [row(0), row(1, { close: null }), row(2, { open: NaN }), row(3, { high: Infinity }), row(4, { low: 0 }), row(5, { close: -1 }), row(6, { volume: -5 }), row(7, { high: 8, low: 9 }), row(8, { timeMs: NaN })],
      opts,
    );
    expect(r.bars).toHaveLength(1);
    expect(r.drops).toEqual({ badTime: 1, nonFinite: 3, nonPositive: 3, highBelowLow: 1, future: 0, forming: 0, duplicate: 0 });
    expect(r.dropped).toBe(8);
  });

  it('repairs an open or close outside [low, high] by widening the range', () => {
    const r = sanitizeRows([row(0, { open: 12, close: 8.5 })], opts);
    expect(r.repaired).toBe(1);
    expect(r.bars[0]).toMatchObject({ open: 12, high: 12, low: 8.5, close: 8.5 });
  });

  it('keeps the first row of a repeated timestamp and sorts by time', () => {
    const r = sanitizeRows([row(2), row(0), row(1, { close: 10.1 }), row(1, { close: 10.2 })], opts);
    expect(r.bars.map((b) => b.time)).toEqual([0, 1, 2].map((i) => new Date(T0 + i * 60_000).toISOString()));
    expect(r.bars[1]!.close).toBe(10.1);
    expect(r.drops.duplicate).toBe(1);
  });

  it('drops future bars and the still-forming one unless includePartial', () => {
    const now = T0 + 90_000;
    expect(sanitizeRows([row(0), row(1), row(2)], { nowMs: now, intervalMs: 60_000 }).drops).toMatchObject({ forming: 1, future: 1 });
    expect(sanitizeRows([row(0), row(1), row(2)], { nowMs: now, intervalMs: 60_000, includePartial: true }).bars).toHaveLength(2);
  });

  it('only ever returns usable bars, strictly ascending, and accounts for every row', () => {
    const value = fc.oneof(fc.double({ noNaN: false }), fc.constant(null), fc.constant(undefined), fc.string(), fc.double({ min: 0.01, max: 1000, noNaN: true }));
    const raw = fc.record({ timeMs: fc.oneof(fc.integer({ min: T0 - 10 * 60_000, max: T0 + 1_100 * 60_000 }), fc.double()), open: value, high: value, low: value, close: value, volume: value });
    fc.assert(
      fc.property(fc.array(raw, { maxLength: 60 }), (rows) => {
        const r = sanitizeRows(rows, opts);
        expect(r.bars.every(isUsableBar)).toBe(true);
        for (let i = 1; i < r.bars.length; i++) expect(r.bars[i]!.time > r.bars[i - 1]!.time).toBe(true);
        expect(r.bars.length + r.dropped).toBe(rows.length);
      }),
      { numRuns: 300 },
    );
  });
});
