import { TickfoldError } from '@tickfold/core';

/** `--until 500` (a seq) or `--until tick:40`. */
export function parseUntil(value: string): { seq: number } | { tick: number } {
  const m = /^(tick:)?(\d+)$/.exec(value.trim());
  const n = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(n) || n < (m[1] ? 0 : 1)) {
    throw new TickfoldError('E_FLAG_INVALID', `--until ${JSON.stringify(value)} is neither a seq nor tick:N; for example: --until 500 or --until tick:40`, { flag: '--until', value });
  }
  return m[1] ? { tick: n } : { seq: n };
}
