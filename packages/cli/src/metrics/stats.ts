/** Return statistics on plain arrays: the formulas behind the metrics, each in one place. */
const DAY_MS = 86_400_000;
export const YEAR_MS = 365.25 * DAY_MS;
const TRADING_DAYS = 252;
const TRADING_DAY_MS = 6.5 * 3_600_000;
const RELATIVE_NOISE = 1e-9;

export const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Spacing of bars: the median gap between consecutive bar times (1 day for daily bars, weekends aside). */
export function barIntervalMs(barTimesMs: readonly number[]): number | null {
  const gaps = barTimesMs.slice(1).map((t, i) => t - barTimesMs[i]!).filter((d) => d > 0);
  return gaps.length ? median(gaps) : null;
}

/** Bars per year: 252 for daily (or slower) bars, else trading hours' worth of bars. */
export function periodsPerYear(barTimesMs: readonly number[]): number {
  const interval = barIntervalMs(barTimesMs);
  if (interval === null || interval >= 20 * 3_600_000) return TRADING_DAYS;
  return (TRADING_DAYS * TRADING_DAY_MS) / interval;
}

/** Largest fall from the running peak of `curve`, as a fraction. */
export function maxDrawdownOf(curve: readonly number[]): number {
  let peak = -Infinity;
  let worst = 0;
  for (const e of curve) {
    if (e > peak) peak = e;
    if (peak > 0) worst = Math.max(worst, 1 - e / peak);
  }
  return worst;
}

/** (final / initial)^(1 / years) − 1, or null where it means nothing. */
export function cagrOf(initial: number, final: number, years: number): number | null {
  if (years * 365.25 < 1 || initial <= 0 || final <= 0) return null;
  return finiteOrNull((final / initial) ** (1 / years) - 1);
}

/** Per-bar return statistics, annualized with `perYear` bars a year. */
export function returnStats(returns: readonly number[], perYear: number): { volatility: number; sharpe: number | null; sortino: number | null } {
  if (returns.length === 0) return { volatility: 0, sharpe: null, sortino: null };
  const m = mean(returns);
  const rawSd = returns.length > 1 ? Math.sqrt(returns.reduce((a, r) => a + (r - m) ** 2, 0) / (returns.length - 1)) : 0;
  // A constant return (say −10 % every bar) leaves a rounding residue of ~1e-17 here, which
  // would turn into a Sharpe of 1e15; that is no variation at all.
  const sd = rawSd <= RELATIVE_NOISE * Math.abs(m) ? 0 : rawSd;
  const downside = Math.sqrt(mean(returns.map((r) => Math.min(r, 0) ** 2)));
  return {
    volatility: sd * Math.sqrt(perYear),
    sharpe: sd > 0 ? (m / sd) * Math.sqrt(perYear) : null,
    sortino: downside > 0 ? (m / downside) * Math.sqrt(perYear) : null,
  };
}

