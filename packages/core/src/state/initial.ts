import type { Config } from '../config/schema.js';
import type { Portfolio, State, SymbolState } from './types.js';

export function initialPortfolio(cash: number): Portfolio {
  return {
    initialCash: cash,
    cash,
    position: 0,
    weight: 0,
    avgPrice: 0,
    markPrice: null,
    realizedPnl: 0,
    unrealizedPnl: 0,
    fees: 0,
    writeOffs: 0,
    equity: cash,
    highWaterMark: cash,
    maxDrawdown: 0,
    dayStartEquity: cash,
    dailyPnl: 0,
    totalPnl: 0,
    fills: 0,
    roundTrips: 0,
    turnover: 0,
  };
}

function initialSymbol(symbol: string, cash: number): SymbolState {
  return {
    symbol,
    bars: [],
    barsSeen: 0,
    lastBarTime: null,
    feed: { consecutiveFallbacks: 0, fallbacks: 0, lastFallbackReason: null },
    signal: null,
    pending: null,
    halt: null,
    trips: 0,
    portfolio: initialPortfolio(cash),
  };
}

/**
 * The state before the first event. `windowSize` is how many bars each symbol keeps: the
 * larger of `data.minBars` and the slowest strategy's window, as `decideContext` computes it.
 */
export function initialState(config: Config, windowSize: number): State {
  const symbols: Record<string, SymbolState> = {};
  for (const symbol of [...config.symbols].sort()) symbols[symbol] = initialSymbol(symbol, config.cash);
  return deepFreeze({
    tick: 0,
    seq: 0,
    time: null,
    day: null,
    status: 'new',
    configHash: null,
    windowSize,
    symbols,
  });
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    // Arrays by index: for…in would make a string of every index.
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        if (v !== null && typeof v === 'object') deepFreeze(v);
      }
    } else {
      for (const key in value) {
        const v = (value as Record<string, unknown>)[key];
        if (v !== null && typeof v === 'object') deepFreeze(v);
      }
    }
  }
  return value;
}
