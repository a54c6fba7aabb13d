import { chainHash, isTickfoldError, validateEvent, type EventRecord } from '@tickfold/core';
import { storeError } from '../errors.js';

/**
 * Checks a batch before any byte of it is written: the seq the caller expects, continuity, the
 * schema of every event, that each hash chains from the one before, SessionStarted at seq 1 and
 * only there, and nothing after SessionEnded. Returns whether the log has ended after the batch.
 */
export function validateBatch(records: readonly EventRecord[], seq: number, head: string, expectSeq: number, ended: boolean): boolean {
  if (expectSeq !== seq + 1) {
    throw storeError('E_APPEND_SEQ', `the append expects to start at seq ${expectSeq} but the log's next seq is ${seq + 1}; a writer must never leave a gap or write a duplicate`, { seq: expectSeq, next: seq + 1 });
  }
  let s = seq;
  let h = head;
  for (const r of records) {
    if (r.event.seq !== s + 1) {
      throw storeError('E_APPEND_SEQ', `record with seq ${r.event.seq} follows seq ${s} in the batch; expected ${s + 1}`, { seq: r.event.seq });
    }
    if ((r.event.type === 'SessionStarted') !== (r.event.seq === 1)) {
      throw storeError('E_APPEND_ORDER', `seq ${r.event.seq} is a ${r.event.type}; a log starts with SessionStarted at seq 1 and has no other; nothing of this batch was written`, { seq: r.event.seq });
    }
    if (ended) {
      throw storeError('E_APPEND_ORDER', `seq ${r.event.seq} (${r.event.type}) would follow SessionEnded; an ended session takes no more events; nothing of this batch was written`, { seq: r.event.seq });
    }
    try {
      validateEvent(r.event, 'before append');
    } catch (e) {
      throw isTickfoldError(e) ? storeError('E_APPEND_INVALID', `${r.event.type} seq ${r.event.seq} does not match its schema (field ${String(e.details['field'] ?? '')}, rule ${String(e.details['rule'] ?? '')}); nothing of this batch was written`, { ...e.details }, e) : e;
    }
    h = chainHash(h, r.canonical);
    if (h !== r.hash) {
      throw storeError('E_APPEND_CHAIN', `record seq ${r.event.seq} has hash ${r.hash.slice(0, 12)}… but chains to ${h.slice(0, 12)}… from the log's head; nothing of this batch was written`, { seq: r.event.seq });
    }
    ended = r.event.type === 'SessionEnded';
    s += 1;
  }
  return ended;
}
