import { describe, expect, it } from 'vitest';
import { TickfoldError } from '@tickfold/core';
import { exitCodeOf } from './exitCodes.js';

describe('exitCodeOf', () => {
  it.each(['E_LOG_HASH_MISMATCH', 'E_LOG_TORN_TAIL', 'E_REPLAY_MISMATCH', 'E_MANIFEST_INVALID', 'E_EVENT_INVALID'])('%s from verify, replay or diff means a corrupt run: 1', (code) => {
    for (const command of ['verify', 'replay', 'diff']) expect(exitCodeOf(new TickfoldError(code, 'x'), command)).toBe(1);
  });

  it('the same codes from run, inspect or report mean the command could not run: 2', () => {
    for (const command of ['run', 'inspect', 'report']) expect(exitCodeOf(new TickfoldError('E_LOG_HASH_MISMATCH', 'x'), command)).toBe(2);
  });

  it.each(['E_FLAG_INVALID', 'E_CONFIG_INVALID', 'E_RUN_NOT_FOUND', 'E_RUN_LOCKED', 'E_CSV_READ'])('%s means the command could not run: 2', (code) => {
    expect(exitCodeOf(new TickfoldError(code, 'x'), 'verify')).toBe(2);
  });

  it('anything that is not a TickfoldError is 2', () => {
    expect(exitCodeOf(new Error('boom'))).toBe(2);
  });
});
