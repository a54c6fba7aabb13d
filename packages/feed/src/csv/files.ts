import { TickfoldError } from '@tickfold/core';
import { symbolFromPath } from './symbol.js';

/** Paths (symbol from the file name) or symbol → path. */
export type CsvFiles = readonly string[] | Readonly<Record<string, string>>;

const entriesOf = (files: CsvFiles): [string, string][] => {
  if (Array.isArray(files)) {
    return (files as readonly string[]).map((path) => {
      const symbol = symbolFromPath(path);
      if (!symbol) throw new TickfoldError('E_CSV_SYMBOL', `cannot tell the symbol from the file name '${path}'; map it explicitly: files: { "SYMBOL": "${path}" }`, { file: path });
      return [symbol, path];
    });
  }
  return Object.entries(files as Readonly<Record<string, string>>);
};

/**
 * The (symbol, path) pairs of the files option, sorted by symbol: each symbol once, and when the
 * run's symbols are given, exactly those (E_CSV_SYMBOL says which are missing or extra).
 *
 * @example symbolFiles(['data/orcl-2003-2005.csv'], ['ORCL']) // [['ORCL', 'data/orcl-2003-2005.csv']]
 */
export function symbolFiles(files: CsvFiles, symbols?: readonly string[]): [string, string][] {
  const entries = entriesOf(files).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const seen = new Map<string, string>();
  for (const [symbol, path] of entries) {
    const other = seen.get(symbol);
    if (other !== undefined) throw new TickfoldError('E_CSV_SYMBOL', `'${other}' and '${path}' both give symbol ${symbol}; map the files explicitly: files: { "SYMBOL": "path" }`, { symbol });
    seen.set(symbol, path);
  }
  if (symbols) {
    const want = [...symbols].sort();
    const missing = want.filter((s) => !seen.has(s));
    const extra = [...seen.keys()].filter((s) => !want.includes(s));
    if (missing.length || extra.length) {
      throw new TickfoldError(
        'E_CSV_SYMBOL',
        `the CSV files give ${[...seen.keys()].join(', ')} but the run's symbols are ${want.join(', ')}` +
          `${missing.length ? `; no file for ${missing.join(', ')}` : ''}${extra.length ? `; no symbol for the file(s) of ${extra.join(', ')}` : ''}. Make the symbols match the files (or map them: files: { "SYMBOL": "path" }).`,
        { missing, extra },
      );
    }
  }

  return entries;
}
