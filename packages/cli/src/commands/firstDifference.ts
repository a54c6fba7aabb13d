import type { TickfoldEvent } from '@tickfold/core';
import { differingFields } from '@tickfold/core';

/** One record of a log as `diff` needs it. */
export interface ChainedRecord {
  readonly event: TickfoldEvent;
  readonly hash: string;
}

export type Comparison =
  | { readonly identical: true; readonly head: string; readonly events: number }
  | {
      readonly identical: false;
      /** First seq whose chain hash differs; every event before it is byte-identical. */
      readonly seq: number;
      readonly a: TickfoldEvent | null;
      readonly b: TickfoldEvent | null;
      /** JSON pointers of the fields that differ; ["(missing)"] when one log ends first. */
      readonly fields: readonly string[];
    };

/**
 * Walks two hash-chained logs in step and stops at the first differing hash: since hash(n)
 * covers every event up to n, the first differing hash is the first differing event, and
 * nothing after it needs reading.
 *
 * @example const c = await firstDifference(readRun(a), readRun(b), GENESIS_HASH);
 */
export async function firstDifference(a: AsyncIterable<ChainedRecord> | Iterable<ChainedRecord>, b: AsyncIterable<ChainedRecord> | Iterable<ChainedRecord>, genesis: string): Promise<Comparison> {
  const ia = iterate(a);
  const ib = iterate(b);
  let head = genesis;
  let events = 0;
  try {
    for (;;) {
      const [ra, rb] = await Promise.all([ia.next(), ib.next()]);
      if (ra.done && rb.done) return { identical: true, head, events };
      const ea = ra.done ? null : ra.value;
      const eb = rb.done ? null : rb.value;
      if (!ea || !eb || ea.hash !== eb.hash) {
        return {
          identical: false,
          seq: (ea ?? eb)!.event.seq,
          a: ea?.event ?? null,
          b: eb?.event ?? null,
          fields: ea && eb ? differingFields(ea.event, eb.event) : ['(missing)'],
        };
      }
      head = ea.hash;
      events += 1;
    }
  } finally {
    await Promise.all([ia.return?.(), ib.return?.()]);
  }
}

function iterate<T>(source: AsyncIterable<T> | Iterable<T>): AsyncIterator<T> | Iterator<T> {
  return Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
}
