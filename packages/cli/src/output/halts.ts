import type { HaltedBy } from '../metrics/index.js';
import { money, percent } from './format.js';

/**
 * One sentence saying which kill switch halted a symbol, when, and why.
 *
 * @example haltLine('ORCL', haltedBy) // 'ORCL halted by max-drawdown at tick 334 (2004-05-03): drawdown 20.31% reached the 20.00% limit; flattened, no new orders'
 */
export function haltLine(symbol: string, h: HaltedBy): string {
  const where = `${symbol} halted by ${h.kind} at tick ${h.tick} (${h.time.slice(0, 10)})`;
  switch (h.kind) {
    case 'max-drawdown':
      return `${where}: drawdown ${percent(h.value)} reached the ${percent(h.limit)} limit; flattened, no new orders`;
    case 'daily-loss':
      return `${where}: the day's loss ${percent(h.value)} reached the ${percent(h.limit)} limit; flattened${h.until ? `, halted until ${h.until}` : ''}`;
    case 'feed-failure':
      return `${where}: ${h.value} feed fallbacks in a row (limit ${h.limit}); flattened at the last good close, no new orders`;
    case 'equity-exhausted':
      return `${where}: equity ${money(h.value)} was gone; the position was liquidated`;
    default: {
      const unknown: never = h.kind;
      return `${where}: ${String(unknown)}`;
    }
  }
}
