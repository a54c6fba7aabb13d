import { TickfoldError } from '@tickfold/core';

const bad = (flag: string, value: string, expected: string, example: string): TickfoldError =>
  new TickfoldError('E_FLAG_INVALID', `${flag} ${JSON.stringify(value)} is not ${expected}; for example: ${flag} ${example}`, {
    flag,
    value,
  });

/** A whole number in [min, max]. */
export function parseInteger(flag: string, value: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const n = /^[+-]?\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw bad(flag, value, `a whole number from ${min} to ${max === Number.MAX_SAFE_INTEGER ? 'any' : max}`, String(Math.max(min, 1)));
  }
  return n;
}

/** A finite number in [min, max]. */
export function parseNumber(flag: string, value: string, min = 0, max = Number.MAX_VALUE): number {
  const n = value.trim() === '' ? NaN : Number(value);
  if (!Number.isFinite(n) || n < min || n > max) {
    throw bad(flag, value, `a number from ${min}${max === Number.MAX_VALUE ? ' up' : ` to ${max}`}`, String(Math.max(min, 10)));
  }
  return n;
}

/** A percentage above 0 and at most 100 ("20" or "20%"), as a fraction (0.2). */
export function parsePercent(flag: string, value: string): number {
  const n = Number(value.trim().replace(/%$/, ''));
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 100) throw bad(flag, value, 'a percentage above 0 and at most 100', '20');
  return n / 100;
}

/** One of a fixed set of words. */
export function parseChoice<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) throw bad(flag, value, `one of ${choices.join(', ')}`, choices[0]!);
  return value as T;
}

/** "A,B, C" → ["A", "B", "C"]; empty items are an error. */
export function parseList(flag: string, value: string): string[] {
  const items = value.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw bad(flag, value, 'a comma-separated list without empty items', 'A,B');
  return items;
}
