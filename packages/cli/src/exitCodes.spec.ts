import { describe, expect, it } from 'vitest';
import { ERROR_CATALOG, TickfoldError, type ErrorCode } from '@tickfold/core';
import { exitCodeOf } from './exitCodes.js';

const codes = Object.keys(ERROR_CATALOG) as ErrorCode[];
const COMMANDS = ['run', 'replay', 'verify', 'diff', 'inspect', 'report'];

describe('exitCodeOf reads the catalog', () => {
  it('a corrupt-class code exits 1 from every command but diff, where it exits 2 (no comparison was made)', () => {
    for (const code of codes.filter((c) => ERROR_CATALOG[c].exit === 'corrupt')) {
      for (const command of COMMANDS) expect(exitCodeOf(new TickfoldError(code, 'x'), command), `${code} from ${command}`).toBe(command === 'diff' ? 2 : 1);
    }
  });

  it('a cannot-run code exits 2 and a bug code 70, from every command', () => {
    for (const code of codes.filter((c) => ERROR_CATALOG[c].exit !== 'corrupt')) {
      for (const command of COMMANDS) expect(exitCodeOf(new TickfoldError(code, 'x'), command)).toBe(ERROR_CATALOG[code].exit === 'bug' ? 70 : 2);
    }
  });

  it('the same corrupt log gives the same exit from replay, report and inspect (it once gave 1, 2, 2)', () => {
    const e = new TickfoldError('E_LOG_HASH_MISMATCH', 'x');
    expect(['replay', 'report', 'inspect', 'run'].map((c) => exitCodeOf(e, c))).toEqual([1, 1, 1, 1]);
  });

  it('anything that is not a TickfoldError is a bug: 70', () => {
    expect(exitCodeOf(new Error('boom'))).toBe(70);
  });
});
