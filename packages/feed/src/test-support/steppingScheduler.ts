import { VirtualTimeScheduler, type SchedulerAction, type Subscription } from 'rxjs';

/**
 * Virtual time that runs itself: every scheduled action runs on the next macrotask with the
 * clock jumped to its due time, so backoff and timeouts on the scheduler take no real time
 * while real sockets still get their turns of the event loop. Records every delay asked for.
 */
export class SteppingScheduler extends VirtualTimeScheduler {
  readonly delays: number[] = [];
  private pending = false;

  constructor(startMs = 0) {
    super();
    this.frame = startMs;
  }

  override schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    this.delays.push(delay);
    const sub = super.schedule(work, delay, state);
    if (!this.pending) {
      this.pending = true;
      setImmediate(() => {
        this.pending = false;
        this.flush();
      });
    }
    return sub;
  }

  /** The delays above zero: backoff waits, not yields. */
  get waits(): number[] {
    return this.delays.filter((d) => d > 0);
  }
}
