import { TickfoldError } from '@tickfold/core';

/** A row of a CSV file that was not used, and why. */
export interface CsvProblem {
  readonly file: string;
  /** 1-based line number in the file. */
  readonly line: number;
  readonly reason: string;
  /** Header name of the field at fault (Date for rows out of order); absent for a row of the wrong shape. */
  readonly field?: string;
}

export const describeProblem = (p: CsvProblem): string => `${p.file}:${p.line}: ${p.reason}`;

export const badRow = (p: CsvProblem): TickfoldError =>
  new TickfoldError(
    'E_CSV_BAD_ROW',
    `${describeProblem(p)}${p.field ? ` (field ${p.field})` : ''}. Fix or delete that line, or drop strict (--strict) to skip bad rows and report them.`,
    { file: p.file, line: p.line, ...(p.field ? { field: p.field } : {}) },
  );
