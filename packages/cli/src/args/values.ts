import { TickfoldError } from '@tickfold/core';
import { isCalendarDate } from '@tickfold/core/internal';

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

/**
 * A fraction above 0 and at most 1, in the config's unit ("0.2"), or a percentage with its sign
 * ("20%"). A bare number above 1 is refused, not read as percent: "20" once meant 20% on the
 * command line while 20 in a config file is invalid and 0.2 there means 20%.
 */
export function parseFraction(flag: string, value: string): number {
  const v = value.trim();
  const percent = v.endsWith('%');
  const n = v === '' || v === '%' ? NaN : Number(percent ? v.slice(0, -1) : v);
  const fraction = percent ? n / 100 : n;
  if (!Number.isFinite(fraction) || fraction <= 0 || fraction > 1) {
    throw bad(flag, value, `a fraction above 0 and at most 1 (as in the config file) or a percentage such as 20%${!percent && n > 1 && n <= 100 ? ` (for ${n}% write ${n / 100} or ${n}%)` : ''}`, '0.2');
  }
  return fraction;
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

/** A calendar date YYYY-MM-DD (2004-02-30 is none). */
export function parseDate(flag: string, value: string): string {
  const v = value.trim();
  if (!isCalendarDate(v)) throw bad(flag, value, 'a calendar date YYYY-MM-DD', '2004-01-02');
  return v;
}
