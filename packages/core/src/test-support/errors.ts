import type { TickfoldError } from '../index.js';

/** The TickfoldError `fn` throws; fails the test when it throws nothing. */
export function errorOf(fn: () => unknown): TickfoldError {
  try {
    fn();
  } catch (e) {
    return e as TickfoldError;
  }
  throw new Error('expected an error, but none was thrown');
}
