import { TickfoldError } from '@tickfold/core';
import type { DurabilityPolicy } from '@tickfold/event-store';
import { parseDuration } from './duration.js';

/**
 * `--fsync tick` (every tick is on disk before the next starts: the default of a live run),
 * `--fsync 200ms` (at most that much is lost; a CSV or synthetic run defaults to 1s, and what it
 * loses is recomputed by `--resume`) or `--fsync close` (once, at the end).
 *
 * @example parseDurability('200ms') // { kind: 'interval', ms: 200 }
 */
export function parseDurability(value: string): DurabilityPolicy {
  if (value === 'tick') return { kind: 'tick' };
  if (value === 'close') return { kind: 'close' };
  try {
    return { kind: 'interval', ms: parseDuration('--fsync', value) };
  } catch {
    throw new TickfoldError('E_FLAG_INVALID', `--fsync ${JSON.stringify(value)} is not tick, close or a duration; for example: --fsync close or --fsync 200ms`, { flag: '--fsync', value });
  }
}
