import { basename, extname } from 'node:path';
import { SYMBOL_PATTERN } from '@tickfold/core/internal';

/** Whether a string is a symbol as the core's schema accepts it (SPY, BRK-B, EURUSD=X). */
export const isSymbol = (s: string): boolean => SYMBOL_PATTERN.test(s);

/**
 * The symbol a CSV file is named after: its base name without extension, without a trailing
 * year range and without an `_suffix`, upper-cased. `orcl-2003-2005.csv` → `ORCL`,
 * `yhoo_daily.csv` → `YHOO`, `brk-b.csv` → `BRK-B`. The CLI names `--csv` files by this rule too.
 * Undefined when what is left is not a valid symbol.
 *
 * @example symbolFromPath('data/orcl-1995-2014.csv') // 'ORCL'
 */
export function symbolFromPath(path: string): string | undefined {
  const stem = basename(path, extname(path)).replace(/(?:[-_]\d{4}([-_].*)?|_.*)$/, '').toUpperCase();
  return isSymbol(stem) ? stem : undefined;
}
