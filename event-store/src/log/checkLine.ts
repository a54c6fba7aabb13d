import { isTickfoldError, validateEvent, type TickfoldError, type TickfoldEvent } from '@tickfold/core';
import { logError, type LogPlace } from '../errors.js';
import type { Cursor, StoredEvent } from './cursor.js';
import { hasFrame, lineCanonical, lineHash } from './line.js';
import { lineChainHash } from './lineHash.js';

/** The fix of damage in the log; verify prints it too, so it must not send the reader back to verify. */
export const REPAIR = 'restore the run from a backup, or resume with salvage (tickfold run --resume DIR --salvage) to keep the events before the damage';
export const place = (segment: string, offset: number, cur: Cursor): LogPlace => ({ segment, offset, seq: cur.seq + 1 });

/**
 * Checks one line (buf[start, end), no newline) that should hold seq `cur.seq + 1`: frame, JSON,
 * seq, hash chain, schema. Advances `cur` and returns the event, or returns the error.
 */
export function checkLine(buf: Buffer, start: number, end: number, segment: string, offset: number, cur: Cursor): StoredEvent | TickfoldError {
  if (!hasFrame(buf, start, end)) {
    return logError('E_LOG_FRAME', place(segment, offset, cur), 'the line is not a framed event line {"h":…,"e":{…}} (torn write, garbage or an edit)', REPAIR);
  }
  const canonical = lineCanonical(buf, start, end);
  let event: TickfoldEvent;
  try {
    event = JSON.parse(canonical) as TickfoldEvent;
  } catch (e) {
    return logError('E_LOG_JSON', place(segment, offset, cur), `the event is not valid JSON (${(e as Error).message})`, REPAIR);
  }
  if (event?.seq !== cur.seq + 1) {
    return logError('E_LOG_SEQ', place(segment, offset, cur), `expected seq ${cur.seq + 1} but the line holds seq ${String(event?.seq)} (a duplicated, missing or reordered line or segment)`, REPAIR);
  }
  const hash = lineHash(buf, start);
  if (lineChainHash(cur.head, buf, start, end) !== hash) {
    return logError('E_LOG_HASH_MISMATCH', place(segment, offset, cur), 'the line does not chain from the one before: the log was changed after it was written', REPAIR);
  }
  try {
    validateEvent(event); // where it is goes into the error below, not into a string per line
  } catch (e) {
    if (!isTickfoldError(e)) throw e;
    const { field, rule } = e.details as { field?: unknown; rule?: unknown };
    return logError('E_LOG_EVENT_INVALID', place(segment, offset, cur), `the event does not match its schema (field ${String(field ?? '/type')}${rule ? `, rule ${String(rule)}` : ''})`, REPAIR, e);
  }
  cur.seq = event.seq;
  cur.head = hash;
  return { event, canonical, hash, segment, offset, line: cur.line + 1 };
}

