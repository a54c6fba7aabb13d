import type { Config } from '@tickfold/core';

/**
 * How often segments (and ops-log files) roll over by event time: each UTC day, month or year.
 * A session of daily bars rolls yearly — a segment per bar would mean 100,000 files and as many
 * fsyncs for a long backtest; intraday and live sessions roll daily.
 */
export type Rotation = 'day' | 'month' | 'year';
export const ROTATIONS: readonly Rotation[] = ['day', 'month', 'year'];

/** The period an event time belongs to: `2024-01-02`, `2024-01` or `2024`. Works on dates and instants alike. */
export const periodOf = (time: string, rotation: Rotation): string => time.slice(0, rotation === 'day' ? 10 : rotation === 'month' ? 7 : 4);

/** Daily-bar sessions (CSV, or a virtual clock stepping a day or more) roll yearly; the rest daily. */
export function defaultRotation(config: Config): Rotation {
  const dailyBars = config.feed.kind === 'csv' || (config.clock.mode === 'virtual' && config.clock.stepMs >= 86_400_000);
  return dailyBars ? 'year' : 'day';
}
