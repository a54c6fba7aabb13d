/**
 * Chart thinning. Up to 2 × `maxBuckets` ticks are drawn one point per tick; past that, ticks are
 * grouped into equal buckets and each bucket is drawn as two points (its first and last time)
 * carrying each series' lowest and highest value in the order they happened, so peaks, troughs
 * and the deepest drawdown survive while the file stays small.
 */
export interface ThinPlan {
  readonly ticks: number;
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
  return { ticks, perBucket, buckets, pointOf, points };
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

/** Most marks of one kind a chart shows: past that, a dot per mark would bury the line under them. */
export const MAX_MARKS = 150;

/**
 * Marks (e.g. entries at their fill price) through the plan, at the drawn point of their tick:
 * its bucket's first (`at: 'first'`) or last (`'last'`). When there are more than `maxMarks`,
 * marks are grouped into `maxMarks` equal runs of ticks and each run shows only its first
 * mark, at the run's first or last tick. Returns the column, how many marks were merged away,
 * and the ticks per run (1: every mark at its own tick).
 */
export function thinMarks(plan: ThinPlan, marks: readonly { index: number; value: number }[], at: 'first' | 'last', maxMarks = MAX_MARKS): { column: (number | null)[]; merged: number; perRun: number } {
  const column: (number | null)[] = new Array(plan.points).fill(null);
  const perRun = marks.length <= maxMarks ? 1 : Math.max(plan.perBucket, Math.ceil(plan.ticks / maxMarks));
  let merged = 0;
  for (const m of marks) {
    const run = Math.floor(m.index / perRun);
    const tick = perRun === 1 ? m.index : at === 'first' ? run * perRun : Math.min(plan.ticks - 1, (run + 1) * perRun - 1);
    const bucket = Math.floor(tick / plan.perBucket);
    const [a, b] = plan.buckets[bucket]!;
    const point = plan.pointOf[bucket]! + (at === 'last' && b > a ? 1 : 0);
    if (column[point] !== null) merged++;
    else column[point] = m.value;
  }
  return { column, merged, perRun };
}

/** A number with 7 significant digits: enough for a chart, a third of the bytes of a full double. */
export const compact = (v: number | null): number | null => (v === null ? null : Number(v.toPrecision(7)));
