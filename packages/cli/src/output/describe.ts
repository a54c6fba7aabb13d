import type { TickfoldEvent } from '@tickfold/core';
import { money, percent, units } from './format.js';

const price = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 4 });

/** One short human line about an event's payload, for `inspect`'s table. */
export function describeEvent(e: TickfoldEvent): string {
  switch (e.type) {
    case 'SessionStarted': {
      const c = e.data.config;
      return `seed ${c.seed}, ${c.feed.kind} feed, ${c.symbols.join(',')}, ${c.strategies.map((s) => s.name).join('+')}, config ${e.data.configHash.slice(0, 12)}`;
    }
    case 'TickStarted':
      return '';
    case 'BarReceived': {
      const last = e.data.bars[e.data.bars.length - 1]!;
      return `${e.data.bars.length} bar(s), last ${last.time.slice(0, 10)} close ${price(last.close)}${e.data.dropped ? `, ${e.data.dropped} dropped` : ''}`;
    }
    case 'Fallback':
    case 'BarNotDue':
      return `${e.data.reason}: ${e.data.message}`;
    case 'SignalComputed':
      return `target ${e.data.target.toFixed(3)} (${Object.entries(e.data.components).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')})`;
    case 'OrderSubmitted':
      return `${e.data.orderId} target ${e.data.targetWeight.toFixed(3)} for next open`;
    case 'OrderFilled':
      return `${e.data.qty >= 0 ? 'BUY' : 'SELL'} ${units(Math.abs(e.data.qty))} @ ${price(e.data.price)} fee ${money(e.data.fee)} (${e.data.cause}${e.data.clipped ? `, clipped: ${e.data.clipped}` : ''})`;
    case 'OrderRejected':
      return `${e.data.reason}: ${e.data.message}`;
    case 'KillSwitchTripped':
      return e.data.kind === 'feed-failure'
        ? `feed-failure: ${e.data.value} fallbacks in a row (limit ${e.data.limit})`
        : `${e.data.kind} ${percent(e.data.value)} reached limit ${percent(e.data.limit)}${e.data.until ? `, halted until ${e.data.until}` : ''}`;
    case 'Heartbeat': {
      // Each symbol is its own account: with several, the total is their sum, not a portfolio's equity.
      const n = Object.keys(e.data.symbols).length;
      return n > 1 ? `sum of ${n} accounts ${money(e.data.equity)}` : `equity ${money(e.data.equity)}`;
    }
    case 'SessionEnded':
      return `${e.data.reason} after ${e.data.ticks} ticks`;
    default: {
      const unhandled: never = e;
      return JSON.stringify((unhandled as { data?: unknown }).data);
    }
  }
}
