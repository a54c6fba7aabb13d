import { describe, expect, it } from 'vitest';
import { evolve, initialState, resolveConfig, type State, type TickfoldEvent } from '../index.js';
import { fold } from './evolve.js';

const config = resolveConfig({ symbols: ['SPY'] });
const start = initialState(config, 30);
const signal = (seq: number, target: number, components: Record<string, number>): TickfoldEvent =>
  ({ type: 'SignalComputed', seq, tick: seq, time: '2024-01-02T00:00:00.000Z', symbol: 'SPY', data: { barTime: '2024-01-02T00:00:00.000Z', components, price: 100, target } }) as TickfoldEvent;
const held = (s: State) => s.symbols['SPY']!.signal;

describe('SignalComputed folded in', () => {
  for (const [name, apply] of [['evolve', (s: State, e: TickfoldEvent) => evolve(s, e)], ['fold', (s: State, e: TickfoldEvent) => fold(s, [e])]] as const) {
    it(`${name}: a signal equal to the one held keeps the held object`, () => {
      const first = apply(start, signal(1, 0.5, { a: 1, b: 0 }));
      const again = apply(first, signal(2, 0.5, { b: 0, a: 1 }));
      expect(held(again)).toBe(held(first));
      expect(Object.isFrozen(held(again))).toBe(true);
    });

    it(`${name}: a different target, component value, -0 for 0, or set of components gives a new signal equal to the event's`, () => {
      const first = apply(start, signal(1, 0.5, { a: 1, b: 0 }));
      for (const [target, components] of [[0.25, { a: 1, b: 0 }], [0.5, { a: 1, b: 0.5 }], [0.5, { a: 1, b: -0 }], [0.5, { a: 1 }], [0.5, { a: 1, b: 0, c: 0 }], [0.5, { a: 1, c: 0 }]] as const) {
        const next = apply(first, signal(2, target, components));
        expect(held(next)).not.toBe(held(first));
        expect(held(next)).toEqual({ target, components });
        expect(Object.is(held(next)!.components['b'], (components as Record<string, number>)['b'])).toBe(true);
      }
    });
  }
});
