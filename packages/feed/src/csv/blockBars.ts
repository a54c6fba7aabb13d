import type { Bar } from '@tickfold/core';
import type { CsvBars } from './bars.js';
import { BytesRowReader } from './bytesRow.js';
import { dayIso, dayText, END, type DayKey } from './day.js';
import { badRow, type CsvProblem } from './problem.js';
import type { CsvLines } from './records.js';
import { readFields, type ColumnIndex, type RowValues } from './row.js';

/** A valid row: its values and its line. */
class Row implements RowValues {
  day = 0;
  open = 0;
  high = 0;
  low = 0;
  close = 0;
  volume = 0;
  repaired = false;
  line = 0;
}

const NONE: CsvProblem[] = [];

/**
 * The kept rows of one source, a block at a time: `fill` runs the ordering rules over the rows it
 * reads (a candidate, checked against the previous kept row, then against the row after it) and
 * appends each row they keep to the block's columns; the bars are handed out from the block.
 */
export class BlockBars implements CsvBars {
  repaired = 0;
  private problems: CsvProblem[] = [];
  private readonly bytes: BytesRowReader;
  // The block: kept rows [head, tail) in columns, and the bar of the row at head once built.
  private readonly days: Float64Array;
  private readonly opens: Float64Array;
  private readonly highs: Float64Array;
  private readonly lows: Float64Array;
  private readonly closes: Float64Array;
  private readonly volumes: Float64Array;
  private readonly lineOf: Float64Array;
  private head = 0;
  private tail = 0;
  private bar: Bar | undefined;
  // The ordering rules' state: the previous kept row, and the candidate row (with `next`, its
  // lookahead) that is kept once the row after it shows its date is in order.
  private hasPrev = false;
  private prevDay = 0;
  private prevLine = 0;
  private hasCandidate = false;
  private candidate = new Row();
  private next = new Row();

  constructor(
    private readonly lines: CsvLines,
    private readonly file: string,
    private readonly fieldCount: number,
    private readonly col: ColumnIndex,
    private readonly adjusted: boolean,
    private readonly strict: boolean,
    private readonly capacity: number,
  ) {
    this.bytes = new BytesRowReader(fieldCount, col, adjusted);
    this.days = new Float64Array(capacity);
    this.opens = new Float64Array(capacity);
    this.highs = new Float64Array(capacity);
    this.lows = new Float64Array(capacity);
    this.closes = new Float64Array(capacity);
    this.volumes = new Float64Array(capacity);
    this.lineOf = new Float64Array(capacity);
  }

  peekDay(): DayKey {
    if (this.head === this.tail) this.fill();
    return this.head < this.tail ? this.days[this.head]! : END;
  }

  peek(): Bar | undefined {
    if (this.peekDay() === END) return undefined;
    const at = this.head;
    this.bar ??= { time: dayIso(this.days[at]!), open: this.opens[at]!, high: this.highs[at]!, low: this.lows[at]!, close: this.closes[at]!, volume: this.volumes[at]! };
    return this.bar;
  }

  skip(): void {
    if (this.peekDay() === END) return;
    this.head++;
    this.bar = undefined;
  }

  take(): Bar | undefined {
    const bar = this.peek();
    this.skip();
    return bar;
  }

  close(): void {
    this.lines.close();
  }

  drainProblems(): CsvProblem[] {
    if (this.problems.length === 0) return NONE;
    // Only rows before the next bar: the block may have been read past it.
    const cut = this.peekDay() === END ? Infinity : this.lineOf[this.head]!;
    const problems = this.problems;
    const out = problems.filter((p) => p.line < cut).sort((a, b) => a.line - b.line);
    this.problems = out.length === problems.length ? [] : problems.filter((p) => p.line >= cut);
    return out;
  }

  private report(line: number, reason: string, field?: string): void {
    const p: CsvProblem = field === undefined ? { file: this.file, line, reason } : { file: this.file, line, reason, field };
    if (this.strict) throw badRow(p);
    this.problems.push(p);
  }

  /** Reads the next row that is a valid bar by itself into `row`; false at the end. */
  private readValid(row: Row): boolean {
    const lines = this.lines;
    for (;;) {
      // Most lines are read in the pass that finds their end; the rest (a line across two chunks,
      // a blank one, one with quotes or anything the byte reader declines) line by line.
      let valid = lines.nextRead(this.bytes, row);
      if (!valid) {
        if (!lines.next()) return false;
        valid = (lines.fields === undefined && this.bytes.read(lines.buf, lines.start, lines.end, row)) || this.readStrings(row);
      }
      if (valid) {
        row.line = lines.line;
        if (row.repaired) this.repaired++;
        return true;
      }
    }
  }

  /** The current line read as strings into `row`; false, with the problem reported, when it is no valid bar. */
  private readStrings(row: Row): boolean {
    const lines = this.lines;
    const fields = lines.fieldStrings();
    if (fields.length !== this.fieldCount) {
      this.report(lines.line, `expected ${this.fieldCount} fields, found ${fields.length}`);
      return false;
    }
    const problem = readFields(fields, this.col, this.adjusted, row);
    if (problem) {
      this.report(lines.line, problem.problem, problem.field);
      return false;
    }
    return true;
  }

  /** Refills the block with up to `capacity` kept rows; it stays empty at the end of the source. */
  private fill(): void {
    this.head = 0;
    this.tail = 0;
    this.bar = undefined;
    while (this.tail < this.capacity) {
      if (!this.hasCandidate) {
        if (!this.readValid(this.candidate)) return;
        this.hasCandidate = true;
      }
      const c = this.candidate;
      if (this.hasPrev && c.day <= this.prevDay) {
        this.report(c.line, c.day === this.prevDay
          ? `duplicate date ${dayText(c.day)} (first on line ${this.prevLine}); the first row is kept`
          : `date ${dayText(c.day)} is before the previous row's ${dayText(this.prevDay)} (line ${this.prevLine}); rows must run oldest first, so it is dropped, not moved`, 'Date');
        this.hasCandidate = false;
        continue;
      }
      const n = this.next;
      const more = this.readValid(n);
      if (more && n.day < c.day && (!this.hasPrev || n.day > this.prevDay)) {
        this.report(c.line, `date ${dayText(c.day)} is after the next row's ${dayText(n.day)} (line ${n.line}); rows must run oldest first, so it is dropped, not moved`, 'Date');
      } else {
        this.keep(c);
      }
      // The lookahead is the next candidate (none at the end).
      this.candidate = n;
      this.next = c;
      this.hasCandidate = more;
    }
  }

  private keep(row: Row): void {
    const at = this.tail++;
    this.days[at] = row.day;
    this.opens[at] = row.open;
    this.highs[at] = row.high;
    this.lows[at] = row.low;
    this.closes[at] = row.close;
    this.volumes[at] = row.volume;
    this.lineOf[at] = row.line;
    this.hasPrev = true;
    this.prevDay = row.day;
    this.prevLine = row.line;
  }
}
