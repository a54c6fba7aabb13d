import { daysInMonth } from '@tickfold/core/internal';
import { dayKey } from './day.js';
import { checkPrices, type ColumnIndex, type RowValues } from './row.js';

const COMMA = 0x2c;
const DOT = 0x2e;
const ZERO = 0x30;
const DASH = 0x2d;
const CR = 0x0d;
const LF = 0x0a;
const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);

const twoDigits = (buf: Uint8Array, at: number): number => {
  const a = buf[at]! - ZERO;
  const b = buf[at + 1]! - ZERO;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
};

// What a field of the line is to the reader; the prices' roles index `values`.
const SKIP = 0;
const DATE = 1;
const OPEN = 2;
const HIGH = 3;
const LOW = 4;
const CLOSE = 5;
const VOLUME = 6;
const ADJ_CLOSE = 7;

/**
 * Reads the rows of one file straight from its bytes into numbers, in one pass over each line:
 * no string, array or object per row. It takes only rows it can read exactly as the string
 * reader (`readFields`) would, with the same doubles: the expected number of fields, a date
 * YYYY-MM-DD with nothing around it, plain decimals (digits, at most one dot, at most 15 digits:
 * digits / 10^decimals then divides two exactly held doubles, so IEEE rounds it once, correctly,
 * to the very double `Number()` gives for the text; Clinger's fast path), and every check passed.
 * Anything else (spaces, signs, exponents, a bad value) it declines, and the caller reads that
 * line as strings, which finds the same values or names the problem.
 */
export class BytesRowReader {
  /** The role of each field, by its index in the header. */
  private readonly roles: Int8Array;
  private readonly values = new Float64Array(8);

  constructor(
    private readonly fieldCount: number,
    col: ColumnIndex,
    private readonly adjusted: boolean,
  ) {
    this.roles = new Int8Array(fieldCount).fill(SKIP);
    this.roles[col.date] = DATE;
    this.roles[col.open] = OPEN;
    this.roles[col.high] = HIGH;
    this.roles[col.low] = LOW;
    this.roles[col.close] = CLOSE;
    this.roles[col.volume] = VOLUME;
    if (adjusted) this.roles[col['adj close']] = ADJ_CLOSE;
  }

  /** Fills `out` from the line at bytes [start, end) of `buf`; false when the line is left to the string reader. */
  read(buf: Uint8Array, start: number, end: number, out: RowValues): boolean {
    return this.readLine(buf, start, end, out) === end;
  }

  /**
   * Fills `out` from the line that starts at `start` and ends at a line feed (CR LF or LF) or at
   * `limit`, whichever comes first, without looking for the line's end first: the index of the
   * line feed (or `limit`), or -1 when the line is left to the string reader.
   */
  readLine(buf: Uint8Array, start: number, limit: number, out: RowValues): number {
    const roles = this.roles;
    const values = this.values;
    const last = this.fieldCount - 1;
    let date = -1;
    let i = start;
    // Field by field, each scanned by the loop its role needs; every field but the last ends at a comma.
    for (let field = 0; ; field++) {
      const role = roles[field]!;
      if (role === DATE) {
        date = i;
        i += 10;
        if (i > limit) return -1;
      } else if (role === SKIP) {
        let c = 0;
        while (i < limit && (c = buf[i]!) !== COMMA && c !== LF) i++;
      } else {
        // A plain decimal: its digits as an integer, how many, and how many after the dot.
        let mantissa = 0;
        let digit = 0;
        const from = i;
        while (i < limit && (digit = buf[i]! - ZERO) >= 0 && digit <= 9) {
          mantissa = mantissa * 10 + digit;
          i++;
        }
        let digits = i - from;
        let decimals = 0;
        if (i < limit && buf[i] === DOT) {
          const dot = ++i;
          while (i < limit && (digit = buf[i]! - ZERO) >= 0 && digit <= 9) {
            mantissa = mantissa * 10 + digit;
            i++;
          }
          decimals = i - dot;
          digits += decimals;
        }
        if (digits === 0 || digits > 15) return -1;
        values[role] = decimals === 0 ? mantissa : mantissa / POW10[decimals]!;
      }
      if (field === last) break;
      if (i >= limit || buf[i] !== COMMA) return -1;
      i++;
    }
    // The line ends here: at `limit`, or at a line feed, maybe after a carriage return.
    if (i < limit && buf[i] !== LF) {
      if (buf[i] !== CR || i + 1 >= limit || buf[i + 1] !== LF) return -1;
      i++;
    }
    if (buf[date + 4] !== DASH || buf[date + 7] !== DASH) return -1;
    const century = twoDigits(buf, date);
    const years = twoDigits(buf, date + 2);
    const month = twoDigits(buf, date + 5);
    const day = twoDigits(buf, date + 8);
    if (century < 0 || years < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(century * 100 + years, month)) return -1;
    let adj: number | undefined;
    if (this.adjusted) {
      adj = values[ADJ_CLOSE]!;
      if (!(adj > 0)) return -1;
    }
    out.day = dayKey(century * 100 + years, month, day);
    return checkPrices(out, values[OPEN]!, values[HIGH]!, values[LOW]!, values[CLOSE]!, values[VOLUME]!, adj) === undefined ? i : -1;
  }
}
