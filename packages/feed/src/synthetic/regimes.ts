/** A market regime: yearly log drift and yearly volatility of the close. */
export interface Regime {
  readonly name: string;
  readonly driftPerYear: number;
  readonly volPerYear: number;
}

/**
 * Three regimes with a symmetric switching rule, so each is visited a third of the time and
 * the drifts cancel on average: a long path neither explodes nor collapses to zero.
 */
export const REGIMES: readonly Regime[] = [
  { name: 'bull', driftPerYear: 0.25, volPerYear: 0.15 },
  { name: 'calm', driftPerYear: 0, volPerYear: 0.1 },
  { name: 'bear', driftPerYear: -0.25, volPerYear: 0.35 },
];

/** Chance per bar of leaving the current regime. */
export const SWITCH_PROBABILITY = 0.03;

/** The next regime, from a uniform draw `u`: stay, or move to one of the others with equal chance. */
export function nextRegime(current: number, u: number): number {
  if (u >= SWITCH_PROBABILITY) return current;
  const others = REGIMES.length - 1;
  const step = 1 + Math.min(others - 1, Math.floor((u / SWITCH_PROBABILITY) * others));
  return (current + step) % REGIMES.length;
}

export const YEAR_MS = 365.25 * 86_400_000;
