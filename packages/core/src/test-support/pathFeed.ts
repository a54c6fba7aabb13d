import type { Bar, Feed, Observation } from '../index.js';
import { barAt, timeAt } from './scriptedFeed.js';

/**
 * A feed over an explicit price path: `closeAt(tick)` for ticks 1..n, with `history` flat bars
 * at `historyClose` before tick 1 (ticks <= 0). Bars open at the previous close unless
 * `openAt` says otherwise. Ticks listed in `failAt` fail with a network error.
 */
export function pathFeed(opts: {
  closeAt: (tick: number) => number;
  openAt?: (tick: number) => number;
  history?: number;
  historyClose?: number;
  failAt?: ReadonlySet<number>;
}): Feed {
  const history = opts.history ?? 60;
  const close = (t: number) => (t <= 0 ? (opts.historyClose ?? opts.closeAt(1)) : opts.closeAt(t));
  const bar = (t: number): Bar => barAt(t, close(t), opts.openAt?.(t) ?? close(t - 1));
  return {
    name: 'path',
    poll({ tick, lastBarTime }): Observation {
      if (opts.failAt?.has(tick)) return { kind: 'fallback', reason: 'network', message: 'scripted outage', attempts: 3 };
      const bars: Bar[] = [];
      for (let t = tick - history; t <= tick; t++) if (lastBarTime === null || timeAt(t) > lastBarTime) bars.push(bar(t));
      return { kind: 'bars', bars, attempts: 1, dropped: 0 };
    },
  };
}
