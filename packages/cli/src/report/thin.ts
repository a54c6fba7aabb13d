/**
 * Chart thinning. Up to 2 × `maxBuckets` ticks are drawn one point per tick; past that, ticks are
 * grouped into equal buckets and each bucket is drawn as two points (its first and last time)
 * carrying each series' lowest and highest value in the order they happened, so peaks, troughs
 * and the deepest drawdown survive while the file stays small.
 */
export interface ThinPlan {
  /** Ticks per bucket (1: no thinning). */
  readonly perBucket: number;
  /** [first, last] tick index of each bucket. */
  readonly buckets: readonly (readonly [number, number])[];
  /** Index of the first drawn point of each bucket. */
  readonly pointOf: readonly number[];
  /** Drawn points in all. */
  readonly points: number;
}

/** @example thinPlan(20_000, 1_000).points // 2000 */
export function thinPlan(ticks: number, maxBuckets: number): ThinPlan {
  // Two points a bucket: grouping pays only when it more than halves the points.
  const perBucket = ticks <= 2 * maxBuckets ? 1 : Math.ceil(ticks / maxBuckets);
  const buckets: [number, number][] = [];
  const pointOf: number[] = [];
  let points = 0;
  for (let first = 0; first < ticks; first += perBucket) {
    const last = Math.min(ticks, first + perBucket) - 1;
    buckets.push([first, last]);
    pointOf.push(points);
    points += last > first ? 2 : 1;
  }
  return { perBucket, buckets, pointOf, points };
}

/** Times of the drawn points: each bucket's first and last tick time. */
export function thinTimes(plan: ThinPlan, times: readonly number[]): number[] {
  return plan.buckets.flatMap(([a, b]) => (b > a ? [times[a]!, times[b]!] : [times[a]!]));
}

/** A series through the plan: per bucket its low and high in the order they happened (nulls skipped). */
export function thinSeries(plan: ThinPlan, values: readonly (number | null)[]): (number | null)[] {
  const out: (number | null)[] = [];
  for (const [a, b] of plan.buckets) {
    if (a === b) {
      out.push(values[a] ?? null);
      continue;
    }
    let lo = -1, hi = -1;
    for (let i = a; i <= b; i++) {
      const v = values[i];
      if (v === null || v === undefined) continue;
      if (lo < 0 || v < values[lo]!) lo = i;
      if (hi < 0 || v > values[hi]!) hi = i;
    }
    if (lo < 0) out.push(null, null);
    else out.push(values[Math.min(lo, hi)]!, values[Math.max(lo, hi)]!);
  }
  return out;
}

/**
 * Marks (e.g. entries at their fill price) through the plan: at most one per bucket, at its first
 * drawn point (`at: 'first'`) or its last (`'last'`). Returns the column and how many marks were merged away.
 */
export function thinMarks(plan: ThinPlan, marks: readonly { index: number; value: number }[], at: 'first' | 'last'): { column: (number | null)[]; merged: number } {
  const column: (number | null)[] = new Array(plan.points).fill(null);
  let merged = 0;
  for (const m of marks) {
    const bucket = Math.floor(m.index / plan.perBucket);
    const [a, b] = plan.buckets[bucket]!;
    const point = plan.pointOf[bucket]! + (at === 'last' && b > a ? 1 : 0);
    if (column[point] !== null) merged++;
    else column[point] = m.value;
  }
  return { column, merged };
}

/** A number with 7 significant digits: enough for a chart, a third of the bytes of a full double. */
export const compact = (v: number | null): number | null => (v === null ? null : Number(v.toPrecision(7)));
