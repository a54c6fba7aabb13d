import { TickfoldError } from '@tickfold/core';

/** A row of a CSV file that was not used, and why. */
export interface CsvProblem {
  readonly file: string;
  /** 1-based line number in the file. */
  readonly line: number;
  readonly message: string;
}

export const describeProblem = (p: CsvProblem): string => `${p.file}:${p.line}: ${p.message}`;

export const badRow = (p: CsvProblem): TickfoldError =>
  new TickfoldError(
    'E_CSV_BAD_ROW',
    `${describeProblem(p)}. Fix or delete that line, or drop the option strict to skip bad rows and report them.`,
    { file: p.file, line: p.line },
  );
