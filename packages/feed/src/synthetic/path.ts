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

/**
 * A regime-switching geometric Brownian motion, as a pure function of (seed, symbol, bar index).
 * Bar 0 is the anchor (close = start price); the path runs forward from it for positive indexes
 * and backward for history, each index drawing only from its own seeded stream (core's
 * `seededRandom`). Results are memoized, so any order of requests gives the same bars.
 */
export class SyntheticPath {
  private readonly fwd: Step[] = [];
  private readonly back: Step[] = [];
  private readonly fwdClose: number[];
  private readonly backClose: number[] = [NaN];
  private readonly sqrtDt: number;
  private readonly dt: number;
  private readonly baseVolume: number;
  private readonly random: RandomSource;

  constructor(private readonly spec: PathSpec) {
    const h = fnv1a(spec.symbol);
    this.fwdClose = [spec.startPrice ?? 20 + (h % 48_000) / 100];
    this.baseVolume = 200_000 + (h % 5_000_000);
    this.dt = spec.stepMs / YEAR_MS;
    this.sqrtDt = Math.sqrt(this.dt);
    this.random = seededRandom(spec.seed);
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

  private step(k: number): Step {
    if (k >= 0) {
      while (this.fwd.length <= k) {
        const i = this.fwd.length;
        const s = this.draw(i, i === 0 ? null : this.fwd[i - 1]!.regime);
        this.fwd.push(s);
        if (i > 0) this.fwdClose.push(this.fwdClose[i - 1]! * Math.exp(s.logReturn));
      }
      return this.fwd[k]!;
    }
    while (this.back.length < -k) {
      const i = -(this.back.length + 1);
      const neighbour = i === -1 ? this.step(0) : this.back[-i - 2]!;
      this.back.push(this.draw(i, neighbour.regime));
    }
    return this.back[-k - 1]!;
  }

  /** Close of bar k: forward by each bar's return, backward by undoing the next bar's. */
  close(k: number): number {
    if (k >= 0) {
      this.step(k);
      return this.fwdClose[k]!;
    }
    while (this.backClose.length <= -k) {
      const j = this.backClose.length; // close(-j) = close(-j + 1) / exp(return into -j + 1)
      const after = j === 1 ? this.close(0) : this.backClose[j - 1]!;
      this.backClose.push(after * Math.exp(-this.step(-j + 1).logReturn));
    }
    return this.backClose[-k]!;
  }

  /** The bar at index k; its time is `startMs + (k - 1) * stepMs`, so bar 1 belongs to tick 1. */
  bar(k: number): Bar {
    const s = this.step(k);
    const close = this.close(k);
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
