import { TickfoldError, type Bar } from '@tickfold/core';
import { csvBars, type CsvBarsOptions } from './bars.js';
import { describeProblem, type CsvProblem } from './problem.js';
import { CsvLines, type ChunkSource } from './records.js';

export interface ParsedCsv {
  /** Valid bars, oldest first, one per date. */
  readonly bars: Bar[];
  readonly problems: CsvProblem[];
  /** Rows whose open or close lay outside [low, high] and were kept with the range widened. */
  readonly repaired: number;
}

export type ParseCsvOptions = CsvBarsOptions;

/** E_CSV_EMPTY for a file without one valid row, with the first problems. */
export function emptyFile(file: string, problems: readonly CsvProblem[], total = problems.length): TickfoldError {
  const shown = problems.slice(0, 5).map(describeProblem);
  return new TickfoldError(
    'E_CSV_EMPTY',
    `${file} has no valid rows${shown.length ? `:\n  - ${shown.join('\n  - ')}${total > 5 ? `\n  - … and ${total - 5} more` : ''}` : ''}\nGive a file in Yahoo's download format with at least one complete row.`,
    { file, problems: total },
  );
}

const once = (text: string): ChunkSource => {
  let done = false;
  return () => {
    if (done) return undefined;
    done = true;
    return Buffer.from(text, 'utf8');
  };
};

/**
 * Parses a whole CSV text in Yahoo's download format (`Date,Open,High,Low,Close,Adj Close,Volume`)
 * by the same rules as the streaming feed (see `csvBars`). Bar time is the date at 00:00 UTC.
 *
 * @example const { bars, problems } = parseCsv(text, 'orcl.csv');
 */
export function parseCsv(text: string, file: string, opts: ParseCsvOptions = {}): ParsedCsv {
  const reader = csvBars(new CsvLines(once(text), file, () => once(text)), file, opts);
  const bars: Bar[] = [];
  for (let b = reader.take(); b; b = reader.take()) bars.push(b);
  const problems = reader.drainProblems();
  if (bars.length === 0) throw emptyFile(file, problems);
  return { bars, problems, repaired: reader.repaired };
}
