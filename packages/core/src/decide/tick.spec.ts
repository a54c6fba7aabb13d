import { describe, expect, it } from 'vitest';
import type { Strategy, TickfoldEvent } from '../index.js';
import { bars, decider, outage, priorTick, shape } from '../test-support/decider.js';
import { barAt } from '../test-support/scriptedFeed.js';

const half: Strategy = { name: 'half', defaults: {}, window: () => 1, target: () => 0.5 };
const allIn: Strategy = { name: 'all-in', defaults: {}, window: () => 1, target: () => 1 };
const allShort: Strategy = { name: 'all-short', defaults: {}, window: () => 1, target: () => -1 };
const fees = { strategies: [{ name: 'half' }], broker: { feeBps: 10, slippageBps: 10 }, data: { minBars: 1 } };
const frictionless = { strategies: [{ name: 'all-in' }], broker: { feeBps: 0, slippageBps: 0 }, data: { minBars: 1 } };
const of = <K extends TickfoldEvent['type']>(events: readonly TickfoldEvent[], type: K) => events.find((e): e is Extract<TickfoldEvent, { type: K }> => e.type === type)!;

/** A filled long of `qty` at `price` on tick `tick` (frictionless). */
const longAt = (tick: number, qty: number, price: number) =>
  priorTick(tick, { bars: [barAt(tick, price)] }, [
    { type: 'OrderFilled', tick, time: barAt(tick, price).time, symbol: 'SPY', data: { cause: 'rebalance', clipped: null, fee: 0, fillModel: 'close', orderId: `SPY-${tick}`, price, qty, refPrice: price, requestedQty: qty, slippageBps: 0, targetWeight: 1, writeOff: 0 } },
    { type: 'Heartbeat', tick, time: barAt(tick, price).time, data: { equity: 100_000, symbols: {} } },
  ]);

describe('a tick, decided: given the prior events, when the tick\'s input comes, then these events', () => {
  describe('signal and order', () => {
    it('fills at the close with slippage and fees exactly as computed by hand', () => {
      const d = decider(fees, [half]);
      const { events, state } = d.when(d.given(), { SPY: bars(1, 100) });
      expect(shape(events)).toEqual(['TickStarted', 'BarReceived', 'SignalComputed', 'OrderFilled', 'Heartbeat']);
      // 0.5 × 100,000 / 100 = 500 units at 100 × (1 + 10 bps) = 100.1; fee 10 bps of 50,050.
      const f = of(events, 'OrderFilled');
      expect(f.data).toMatchObject({ cause: 'rebalance', fillModel: 'close', requestedQty: 500, qty: 500, refPrice: 100, slippageBps: 10, clipped: null, targetWeight: 0.5 });
      expect(f.data.price).toBeCloseTo(100.1, 10);
      expect(f.data.fee).toBeCloseTo(50.05, 10);
      expect(of(events, 'Heartbeat').data.symbols['SPY']).toMatchObject({ position: 500, price: 100 });
      expect(of(events, 'Heartbeat').data.symbols['SPY']!.cash).toBeCloseTo(100_000 - 50_050 - 50.05, 8);
      const p = state.symbols['SPY']!.portfolio;
      expect(p.position).toBe(500);
      expect(p.cash).toBeCloseTo(100_000 - 50_050 - 50.05, 8);
      expect(p.fees).toBeCloseTo(50.05, 10);
      expect(p.equity).toBeCloseTo(100_000 - 50_050 - 50.05 + 50_000, 8);
      expect(p.avgPrice).toBeCloseTo(100.1, 10);
      expect(p.unrealizedPnl).toBeCloseTo(-50, 8);
      expect(p.fills).toBe(1);
    });

    it('rounds whole-share orders down and reports the clipping', () => {
      const d = decider({ ...fees, cash: 1_000, broker: { ...fees.broker, sizing: 'whole' } }, [half]);
      const f = of(d.when(d.given(), { SPY: bars(1, 300) }).events, 'OrderFilled');
      // 0.5 × 1,000 / 300 = 1.67 shares requested; 1 filled.
      expect(f.data).toMatchObject({ qty: 1, clipped: 'whole-shares' });
      expect(f.data.requestedQty).toBeCloseTo(500 / 300, 12);
    });

    it('with next-open fills, submits at the close instead of filling', () => {
      const d = decider({ ...fees, broker: { ...fees.broker, fill: 'next-open' } }, [half]);
      const { events } = d.when(d.given(), { SPY: bars(1, 100) });
      expect(shape(events)).toEqual(['TickStarted', 'BarReceived', 'SignalComputed', 'OrderSubmitted', 'Heartbeat']);
      expect(of(events, 'OrderSubmitted').data).toEqual({ decidedAtBar: barAt(1, 100).time, orderId: 'SPY-1', targetWeight: 0.5 });
    });
  });

  describe('next-open fill', () => {
    it('fills the order decided at the last close at this bar\'s open, sized at that open, before the new signal', () => {
      const d = decider({ ...fees, broker: { ...fees.broker, fill: 'next-open' } }, [half]);
      const state = d.given(
        ...priorTick(1, { bars: [barAt(1, 100)] }, [{ type: 'OrderSubmitted', tick: 1, time: barAt(1, 100).time, symbol: 'SPY', data: { decidedAtBar: barAt(1, 100).time, orderId: 'SPY-1', targetWeight: 0.5 } }]),
      );
      expect(state.symbols['SPY']!.pending).toMatchObject({ orderId: 'SPY-1' });
      const { events, state: after } = d.when(state, { SPY: bars(2, 100, 102) });
      expect(shape(events)).toEqual(['TickStarted', 'BarReceived', 'OrderFilled', 'SignalComputed', 'Heartbeat']);
      expect(after.symbols['SPY']!.pending).toBeNull();
      const f = of(events, 'OrderFilled');
      expect(f).toMatchObject({ tick: 2, data: { orderId: 'SPY-1', fillModel: 'next-open', refPrice: 102 } });
      expect(f.data.qty).toBeCloseTo(50_000 / 102, 10);
      expect(f.data.price).toBeCloseTo(102 * 1.001, 10);
    });

    it('waits for a bar: a fallback fills nothing and keeps the order pending', () => {
      const d = decider({ ...fees, broker: { ...fees.broker, fill: 'next-open' } }, [half]);
      const state = d.given(...priorTick(1, { bars: [barAt(1, 100)] }, [{ type: 'OrderSubmitted', tick: 1, time: barAt(1, 100).time, symbol: 'SPY', data: { decidedAtBar: barAt(1, 100).time, orderId: 'SPY-1', targetWeight: 0.5 } }]));
      const then = d.when(state, { SPY: outage });
      expect(shape(then.events)).toEqual(['TickStarted', 'Fallback', 'Heartbeat']);
      expect(then.state.symbols['SPY']!.pending).toMatchObject({ orderId: 'SPY-1' });
    });
  });

  describe('kill switches', () => {
    it('trips on the fifth consecutive feed failure, flattening at the last good close', () => {
      const d = decider(frictionless, [allIn]);
      const state = d.given(...longAt(1, 1000, 100), ...[2, 3, 4, 5].flatMap((t) => priorTick(t, { fallback: true })));
      expect(state.symbols['SPY']!.feed.consecutiveFallbacks).toBe(4);
      const { events, state: after } = d.when(state, { SPY: outage });
      expect(shape(events)).toEqual(['TickStarted', 'Fallback', 'KillSwitchTripped', 'OrderFilled', 'Heartbeat']);
      expect(after.symbols['SPY']!.halt).toEqual({ kind: 'feed-failure', until: null });
      expect(after.symbols['SPY']!.portfolio.position).toBe(0);
      expect(of(events, 'KillSwitchTripped').data).toEqual({ kind: 'feed-failure', limit: 5, until: null, value: 5 });
      expect(of(events, 'OrderFilled').data).toMatchObject({ cause: 'kill-switch', qty: -1000, refPrice: 100, targetWeight: 0 });
    });

    it('trips max drawdown at the close that crosses the limit and flattens there; nothing else is decided that tick', () => {
      const d = decider({ ...frictionless, risk: { dailyLoss: null } }, [allIn]);
      const { events } = d.when(d.given(...longAt(1, 1000, 100)), { SPY: bars(2, 79) });
      expect(shape(events)).toEqual(['TickStarted', 'BarReceived', 'KillSwitchTripped', 'OrderFilled', 'Heartbeat']);
      expect(of(events, 'KillSwitchTripped').data).toMatchObject({ kind: 'max-drawdown', limit: 0.2, until: null });
      expect(of(events, 'KillSwitchTripped').data.value).toBeCloseTo(0.21, 9);
      expect(of(events, 'OrderFilled').data).toMatchObject({ cause: 'kill-switch', qty: -1000, price: 79 });
    });

    it('trips the daily loss limit until the next UTC day', () => {
      const d = decider({ ...frictionless, risk: { maxDrawdown: null } }, [allIn]);
      const { events } = d.when(d.given(...longAt(1, 1000, 100)), { SPY: bars(2, 94) });
      expect(of(events, 'KillSwitchTripped').data).toMatchObject({ kind: 'daily-loss', limit: 0.05, until: '2024-01-04' });
    });
  });

  describe('liquidation', () => {
    it('liquidates a short that gapped past its equity, writing off the shortfall, whatever the kill-switch settings', () => {
      const d = decider({ strategies: [{ name: 'all-short' }], broker: { feeBps: 0, slippageBps: 0, allowShort: true }, data: { minBars: 1 }, risk: { maxDrawdown: null, dailyLoss: null, maxConsecutiveFallbacks: null } }, [allShort]);
      const short = priorTick(1, { bars: [barAt(1, 100)] }, [
        { type: 'OrderFilled', tick: 1, time: barAt(1, 100).time, symbol: 'SPY', data: { cause: 'rebalance', clipped: null, fee: 0, fillModel: 'close', orderId: 'SPY-1', price: 100, qty: -1000, refPrice: 100, requestedQty: -1000, slippageBps: 0, targetWeight: -1, writeOff: 0 } },
      ]);
      const { events } = d.when(d.given(...short), { SPY: bars(2, 210) });
      // Each phase in turn: the rebalance buys back what cash allows, the limit trim cannot buy the rest, the liquidation does.
      expect(events.map((e) => [e.type, 'cause' in e.data ? e.data.cause : 'reason' in e.data ? e.data.reason : 'kind' in e.data ? e.data.kind : null])).toEqual([
        ['TickStarted', null],
        ['BarReceived', null],
        ['SignalComputed', null],
        ['OrderFilled', 'rebalance'],
        ['OrderRejected', 'insufficient-cash'],
        ['KillSwitchTripped', 'equity-exhausted'],
        ['OrderFilled', 'kill-switch'],
        ['Heartbeat', null],
      ]);
      const fills = events.filter((e): e is Extract<TickfoldEvent, { type: 'OrderFilled' }> => e.type === 'OrderFilled');
      expect(fills[0]!.data).toMatchObject({ clipped: 'cash', price: 210 });
      expect(fills[0]!.data.qty + fills[1]!.data.qty).toBeCloseTo(1000, 9);
      expect(fills[1]!.data).toMatchObject({ orderId: 'SPY-2-liquidate', targetWeight: 0, price: 210 });
      // Cash 200,000 buys back 1,000 at 210 = 210,000: 10,000 written off.
      expect(fills[1]!.data.writeOff).toBeCloseTo(10_000, 6);
      expect(of(events, 'Heartbeat').data.symbols['SPY']).toMatchObject({ cash: 0, position: 0 });
    });
  });
});
