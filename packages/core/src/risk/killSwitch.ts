import type { Config } from '../config/schema.js';
import type { KillSwitchKind } from '../events/index.js';
import type { SymbolState } from '../state/types.js';

export interface Trip {
  readonly kind: KillSwitchKind;
  readonly value: number;
  readonly limit: number;
  readonly until: string | null;
}

/** The UTC date after `day` (YYYY-MM-DD). */
export function nextDay(day: string): string {
  const t = Date.parse(`${day}T00:00:00.000Z`) + 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * Which kill switch, if any, trips for this symbol now. Checked in a fixed order (feed failure,
 * max drawdown, daily loss) so that two that fire together always report the same one.
 * A halted symbol trips nothing more.
 */
export function checkKillSwitches(s: SymbolState, risk: Config['risk'], day: string): Trip | null {
  if (s.halt) return null;
  const p = s.portfolio;
  if (risk.maxConsecutiveFallbacks !== null && s.feed.consecutiveFallbacks >= risk.maxConsecutiveFallbacks) {
    return { kind: 'feed-failure', value: s.feed.consecutiveFallbacks, limit: risk.maxConsecutiveFallbacks, until: null };
  }
  if (risk.maxDrawdown !== null && p.highWaterMark > 0) {
    const drawdown = 1 - p.equity / p.highWaterMark;
    if (drawdown >= risk.maxDrawdown) return { kind: 'max-drawdown', value: drawdown, limit: risk.maxDrawdown, until: null };
  }
  if (risk.dailyLoss !== null && p.dayStartEquity > 0) {
    const loss = -p.dailyPnl / p.dayStartEquity;
    if (loss >= risk.dailyLoss) return { kind: 'daily-loss', value: loss, limit: risk.dailyLoss, until: nextDay(day) };
  }
  return null;
}
