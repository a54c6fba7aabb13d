import { LIMITS, TickfoldError, type Config } from '@tickfold/core';
import { type DecideContext } from '@tickfold/core/internal';

/**
 * Limits that depend on more than one value, checked before a run directory is made (the
 * schema bounds each value alone): the bars every strategy looks back, and the last tick's time
 * on a virtual clock. An accepted config can then run to its end.
 */
export function checkLimits(config: Config, ctx: DecideContext, ticks: number): void {
  if (ctx.windowSize > LIMITS.bars) {
    throw new TickfoldError('E_CONFIG_LIMIT', `the strategies need ${ctx.windowSize} bars of history (min-bars and every strategy's window, e.g. --slow); at most ${LIMITS.bars} are supported`, { pointers: ['/data/minBars', '/strategies'], value: ctx.windowSize });
  }
  if (config.clock.mode === 'virtual' && config.feed.kind !== 'csv') {
    const lastMs = Date.parse(config.clock.start) + (ticks - 1) * config.clock.stepMs;
    if (!(lastMs <= Date.parse(LIMITS.lastTime))) {
      throw new TickfoldError('E_CONFIG_LIMIT', `${ticks} ticks of ${config.clock.stepMs} ms from ${config.clock.start} end after ${LIMITS.lastTime}, the last time an event can hold; run fewer ticks or a shorter clock step`, { pointers: ['/clock/stepMs'], ticks });
    }
  }
}
