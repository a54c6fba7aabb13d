import { firstValueFrom, isObservable, type Observable, type SchedulerLike } from 'rxjs';
import type { Feed, Observation, PollRequest } from '@tickfold/core';

/** Polls a feed once at `time` as the engine would, whatever shape the answer takes. */
export async function pollOnce(feed: Feed, symbol: string, time: string, scheduler: SchedulerLike, extra: Partial<PollRequest> = {}): Promise<Observation> {
  const out = feed.poll({ symbol, tick: 1, time, timeMs: Date.parse(time), lastBarTime: null, scheduler, ...extra });
  return isObservable(out) ? firstValueFrom(out as Observable<Observation>) : await out;
}
