import { type Bar, type RandomSource } from '@tickfold/core';
import { seededRandom } from '@tickfold/core/internal';
import { REGIMES, YEAR_MS, nextRegime } from './regimes.js';

/** What one bar index draws: regime, log return into the bar, and the shape of the candle. */
interface Step {
  readonly regime: number;
  readonly logReturn: number;
  readonly gap: number;
  readonly wickUp: number;
  readonly wickDown: number;
  readonly volumeNoise: number;
}

export interface PathSpec {
  readonly seed: number;
  readonly symbol: string;
  readonly startMs: number;
  readonly stepMs: number;
  /** Multiplies every regime's volatility. */
  readonly volatility: number;
  readonly startPrice?: number;
}

/** A stable 32-bit hash of a string (FNV-1a), for per-symbol scale that does not need the seed. */
const fnv1a = (s: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
};

const normal = (rng: () => number): number => {
  const u = 1 - rng(); // (0, 1]: log(0) must never happen
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
};

/** A bar index's draw and its close: one element of the path, forward or backward from the anchor. */
interface Point {
  readonly step: Step;
  readonly close: number;
}

/** Points per block: the unit a path recomputes when asked for a point it no longer holds. */
export const BLOCK = 512;
/** Blocks held at once per direction: the one being read, the one before it (bar k reads k - 1), and a spare for look-backs. */
export const HELD_BLOCKS = 3;

/**
 * Points 0, 1, 2, … of a path where each point follows from the one before it, in all but
 * constant memory: the first point of every block is kept (one point per 512) and a few whole
 * blocks; any other point is recomputed from its block's first point, in the same
 * order and so to the same bits. A run reads the path in order, computing each point once.
 */
export class Walk {
  /** starts[b]: point b·BLOCK. */
  private readonly starts: Point[];
  private readonly held = new Map<number, Point[]>();

  constructor(origin: Point, private readonly next: (previous: Point, n: number) => Point) {
    this.starts = [origin];
  }

  at(n: number): Point {
    const b = Math.floor(n / BLOCK);
    return this.block(b)[n - b * BLOCK]!;
  }

  private block(b: number): Point[] {
    const hit = this.held.get(b);
    if (hit) {
      // Most recently used last, so the first key is the one to let go.
      this.held.delete(b);
      this.held.set(b, hit);
      return hit;
    }
    // Blocks are reached in order: the ones before b that were never computed are walked through, keeping only their first points.
    while (this.starts.length <= b) this.fill(this.starts.length - 1);
    return this.fill(b);
  }

  /** Computes block b from its first point, holds it, and records the first point of block b + 1. */
  private fill(b: number): Point[] {
    const points: Point[] = [this.starts[b]!];
    for (let i = 1; i < BLOCK; i++) points.push(this.next(points[i - 1]!, b * BLOCK + i));
    if (this.starts.length === b + 1) this.starts.push(this.next(points[BLOCK - 1]!, (b + 1) * BLOCK));
    this.held.set(b, points);
    if (this.held.size > HELD_BLOCKS) this.held.delete(this.held.keys().next().value!);
    return points;
  }
}

/**
 * A regime-switching geometric Brownian motion, as a pure function of (seed, symbol, bar index).
 * Bar 0 is the anchor (close = start price); the path runs forward from it for positive indexes
 * and backward for history, each index drawing only from its own seeded stream (core's
 * `seededRandom`) and the regime of its neighbour towards the anchor. Any order of requests
 * gives the same bars; memory grows by one point per 512 bars, not by every bar (see `Walk`).
 */
export class SyntheticPath {
  private readonly sqrtDt: number;
  private readonly dt: number;
  private readonly baseVolume: number;
  private readonly random: RandomSource;
  /** Point n is bar n. */
  private readonly forward: Walk;
  /** Point j is bar -j; point 0 is the anchor, as in `forward`. */
  private readonly backward: Walk;

  constructor(private readonly spec: PathSpec) {
    const h = fnv1a(spec.symbol);
    this.baseVolume = 200_000 + (h % 5_000_000);
    this.dt = spec.stepMs / YEAR_MS;
    this.sqrtDt = Math.sqrt(this.dt);
    this.random = seededRandom(spec.seed);
    const anchor: Point = { step: this.draw(0, null), close: spec.startPrice ?? 20 + (h % 48_000) / 100 };
    // Forward, a bar's close is the one before it moved by the bar's return.
    this.forward = new Walk(anchor, (previous, n) => {
      const step = this.draw(n, previous.step.regime);
      return { step, close: previous.close * Math.exp(step.logReturn) };
    });
    // Backward, the close before a bar is that bar's close with the bar's return undone.
    this.backward = new Walk(anchor, (previous, j) => ({ step: this.draw(-j, previous.step.regime), close: previous.close * Math.exp(-previous.step.logReturn) }));
  }

  private draw(k: number, neighbourRegime: number | null): Step {
    const rng = this.random(this.spec.symbol, k, 'synthetic');
    const u = rng();
    const regime = neighbourRegime === null ? Math.floor(u * REGIMES.length) : nextRegime(neighbourRegime, u);
    const r = REGIMES[regime]!;
    const vol = r.volPerYear * this.spec.volatility * this.sqrtDt;
    return {
      regime,
      logReturn: r.driftPerYear * this.dt + vol * normal(rng),
      gap: 0.2 * vol * normal(rng),
      wickUp: Math.abs(0.6 * vol * normal(rng)),
      wickDown: Math.abs(0.6 * vol * normal(rng)),
      volumeNoise: 0.4 * normal(rng),
    };
  }

  private point(k: number): Point {
    return k >= 0 ? this.forward.at(k) : this.backward.at(-k);
  }

  /** Close of bar k: forward by each bar's return, backward by undoing the next bar's. */
  close(k: number): number {
    return this.point(k).close;
  }

  /** The bar at index k; its time is `startMs + (k - 1) * stepMs`, so bar 1 belongs to tick 1. */
  bar(k: number): Bar {
    const { step: s, close } = this.point(k);
    const open = this.close(k - 1) * Math.exp(s.gap);
    const vol = REGIMES[s.regime]!.volPerYear * this.spec.volatility * this.sqrtDt;
    const surprise = vol > 0 ? Math.min(4, Math.abs(s.logReturn) / vol) : 0;
    return {
      time: new Date(this.spec.startMs + (k - 1) * this.spec.stepMs).toISOString(),
      open,
      high: Math.max(open, close) * Math.exp(s.wickUp),
      low: Math.min(open, close) * Math.exp(-s.wickDown),
      close,
      volume: Math.round(this.baseVolume * Math.exp(s.volumeNoise) * (1 + 0.5 * surprise)),
    };
  }

  /** Bars `from..to` inclusive, oldest first. */
  bars(from: number, to: number): Bar[] {
    const out: Bar[] = [];
    for (let k = from; k <= to; k++) out.push(this.bar(k));
    return out;
  }
}
