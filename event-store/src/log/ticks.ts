import type { TickfoldEvent } from '@tickfold/core';

/**
 * Tick continuity, checked line by line: SessionStarted at tick 0, each TickStarted one tick
 * past the last, every other event on the current tick. A log whose events were removed and
 * whose chain and seqs were recomputed still passes the chain; it does not pass this.
 * `tick` is null when a scan starts mid-log (from a snapshot): the first event sets it.
 */
export class TickCheck {
  constructor(private tick: number | null = null) {}

  /** The problem with `event`'s tick, or null; advances on TickStarted. */
  check(event: TickfoldEvent): string | null {
    const expected = event.type === 'TickStarted' ? (this.tick === null ? event.tick : this.tick + 1) : event.type === 'SessionStarted' ? 0 : (this.tick ?? event.tick);
    if (event.tick !== expected) {
      const what = event.type === 'TickStarted' ? `TickStarted of tick ${event.tick} follows tick ${this.tick}` : `${event.type} is on tick ${event.tick} inside tick ${this.tick}`;
      return `${what}: ticks must follow one another without a gap (events were removed or reordered, and the chain recomputed)`;
    }
    this.tick = expected;
    return null;
  }
}
