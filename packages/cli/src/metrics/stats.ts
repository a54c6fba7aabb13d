/**
 * Return statistics: the formulas behind the metrics, each in one place. Each is a running
 * accumulator fed one value at a time (memory that does not grow with the ticks); the functions
 * over plain arrays are the same accumulators folded over the array.
 */
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

/**
 * Bar times as they arrive: first, last, count, and how often each positive gap between
 * consecutive bars occurred. The gaps take a handful of distinct values (1, 3 and 4 days for
 * daily bars), so the histogram stays small and its median is exactly the sorted gaps' median.
 */
export class BarSpacing {
  bars = 0;
  firstMs = NaN;
  lastMs = NaN;
  private readonly gaps = new Map<number, number>();
  private positive = 0;

  add(timeMs: number): void {
    if (this.bars === 0) this.firstMs = timeMs;
    else {
      const gap = timeMs - this.lastMs;
      if (gap > 0) {
        this.gaps.set(gap, (this.gaps.get(gap) ?? 0) + 1);
        this.positive += 1;
      }
    }
    this.lastMs = timeMs;
    this.bars += 1;
  }

  /** The median positive gap between consecutive bars (1 day for daily bars, weekends aside); null without one. */
  intervalMs(): number | null {
    if (this.positive === 0) return null;
    const m = this.positive >> 1;
    // The gaps sorted are each key repeated by its count: read positions m − 1 and m off the running count.
    let below = 0;
    let atMinusOne = NaN;
    for (const gap of [...this.gaps.keys()].sort((a, b) => a - b)) {
      below += this.gaps.get(gap)!;
      if (below > m - 1 && Number.isNaN(atMinusOne)) atMinusOne = gap;
      if (below > m) return this.positive % 2 ? gap : (atMinusOne + gap) / 2;
    }
    throw new Error('unreachable: the counts add up to the gaps');
  }
}

/** Spacing of bars: the median gap between consecutive bar times (1 day for daily bars, weekends aside). */
export function barIntervalMs(barTimesMs: readonly number[]): number | null {
  const spacing = new BarSpacing();
  for (const t of barTimesMs) spacing.add(t);
  return spacing.intervalMs();
}

/** Bars per year for bars `intervalMs` apart: 252 for daily (or slower) bars, else trading hours' worth of bars. */
export function periodsPerYearOf(intervalMs: number | null): number {
  if (intervalMs === null || intervalMs >= 20 * 3_600_000) return TRADING_DAYS;
  return (TRADING_DAYS * TRADING_DAY_MS) / intervalMs;
}

/** Bars per year: 252 for daily (or slower) bars, else trading hours' worth of bars. */
export function periodsPerYear(barTimesMs: readonly number[]): number {
  return periodsPerYearOf(barIntervalMs(barTimesMs));
}

/** The running peak of an equity curve and the largest fall from it, as a fraction. */
export class Drawdown {
  peak = -Infinity;
  worst = 0;

  add(equity: number): void {
    if (equity > this.peak) this.peak = equity;
    if (this.peak > 0) this.worst = Math.max(this.worst, 1 - equity / this.peak);
  }

  copy(): Drawdown {
    const d = new Drawdown();
    d.peak = this.peak;
    d.worst = this.worst;
    return d;
  }
}

/** Largest fall from the running peak of `curve`, as a fraction. */
export function maxDrawdownOf(curve: readonly number[]): number {
  const d = new Drawdown();
  for (const e of curve) d.add(e);
  return d.worst;
}

/** (final / initial)^(1 / years) − 1, or null where it means nothing. */
export function cagrOf(initial: number, final: number, years: number): number | null {
  if (years * 365.25 < 1 || initial <= 0 || final <= 0) return null;
  return finiteOrNull((final / initial) ** (1 / years) - 1);
}

export interface ReturnFigures {
  readonly volatility: number;
  readonly sharpe: number | null;
  readonly sortino: number | null;
}

/**
 * Per-bar returns as they arrive. The mean and the downside deviation are sums in arrival order,
 * so they equal the array formulas bit for bit; the standard deviation is Welford's one-pass
 * form, numerically stable and within rounding (1e-12 relative) of the two-pass formula.
 */
export class ReturnMoments {
  count = 0;
  private sum = 0;
  private runningMean = 0;
  private squares = 0;
  private downside = 0;

  add(r: number): void {
    this.count += 1;
    this.sum += r;
    const delta = r - this.runningMean;
    this.runningMean += delta / this.count;
    this.squares += delta * (r - this.runningMean);
    this.downside += Math.min(r, 0) ** 2;
  }

  copy(): ReturnMoments {
    const m = new ReturnMoments();
    m.count = this.count;
    m.sum = this.sum;
    m.runningMean = this.runningMean;
    m.squares = this.squares;
    m.downside = this.downside;
    return m;
  }

  /** Volatility, Sharpe and Sortino, annualized with `perYear` bars a year; risk-free rate 0. */
  figures(perYear: number): ReturnFigures {
    if (this.count === 0) return { volatility: 0, sharpe: null, sortino: null };
    const m = this.sum / this.count;
    const rawSd = this.count > 1 ? Math.sqrt(this.squares / (this.count - 1)) : 0;
    // A constant return (say −10 % every bar) leaves a rounding residue of ~1e-17 here, which
    // would turn into a Sharpe of 1e15; that is no variation at all.
    const sd = rawSd <= RELATIVE_NOISE * Math.abs(m) ? 0 : rawSd;
    const downside = Math.sqrt(this.downside / this.count);
    return {
      volatility: sd * Math.sqrt(perYear),
      sharpe: sd > 0 ? (m / sd) * Math.sqrt(perYear) : null,
      sortino: downside > 0 ? (m / downside) * Math.sqrt(perYear) : null,
    };
  }
}

/** Per-bar return statistics, annualized with `perYear` bars a year. */
export function returnStats(returns: readonly number[], perYear: number): ReturnFigures {
  const moments = new ReturnMoments();
  for (const r of returns) moments.add(r);
  return moments.figures(perYear);
}
