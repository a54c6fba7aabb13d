import { isCalendarDate } from '@tickfold/core/internal';
import { dayKey, dayText } from './day.js';
import { checkPrices, type ColumnIndex, type RowValues } from './row.js';

const COMMA = 0x2c;
const DOT = 0x2e;
const ZERO = 0x30;
const DASH = 0x2d;
const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);

/**
 * A plain decimal (digits, at most one dot, at most 15 digits) of bytes [start, end), or NaN for
 * anything else. For these, digits / 10^decimals divides two exactly held doubles, so IEEE
 * rounds it once, correctly: the very double `Number()` gives for the text (Clinger's fast path).
 */
export function plainDecimal(buf: Uint8Array, start: number, end: number): number {
  let mantissa = 0;
  let digits = 0;
  let decimals = -1;
  for (let i = start; i < end; i++) {
    const c = buf[i]! - ZERO;
    if (c >= 0 && c <= 9) {
      mantissa = mantissa * 10 + c;
      digits++;
      if (decimals >= 0) decimals++;
    } else if (c === DOT - ZERO && decimals < 0) {
      decimals = 0;
    } else {
      return NaN;
    }
  }
  if (digits === 0 || digits > 15) return NaN;
  return decimals <= 0 ? mantissa : mantissa / POW10[decimals]!;
}

const twoDigits = (buf: Uint8Array, at: number): number => {
  const a = buf[at]! - ZERO;
  const b = buf[at + 1]! - ZERO;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
};

/**
 * Reads the rows of one file straight from its bytes into numbers: no string, array or object
 * per row. It takes only rows it can read exactly as the string reader (`readFields`) would, with
 * the same doubles: the expected number of fields, a date YYYY-MM-DD with nothing around it,
 * plain decimals, and every check passed. Anything else (spaces, signs, exponents, a bad value)
 * it declines, and the caller reads that line as strings, which finds the same values or names
 * the problem.
 */
export class BytesRowReader {
  /** Start and end offset of each field of the current line. */
  private readonly bounds: Int32Array;
  // The month of the last date read and its number of days: rows run in date order, so
  // isCalendarDate is asked about a month once, not about every row.
  private month = -1;
  private monthDays = 0;

  constructor(
    private readonly fieldCount: number,
    private readonly col: ColumnIndex,
    private readonly adjusted: boolean,
  ) {
    this.bounds = new Int32Array(fieldCount * 2);
  }

  /** Fills `out` from the line at bytes [start, end) of `buf`; false when the line is left to the string reader. */
  read(buf: Uint8Array, start: number, end: number, out: RowValues): boolean {
    const bounds = this.bounds;
    const n = this.fieldCount;
    let field = 0;
    bounds[0] = start;
    for (let i = start; i < end; i++) {
      if (buf[i] !== COMMA) continue;
      if (++field === n) return false;
      bounds[field * 2 - 1] = i;
      bounds[field * 2] = i + 1;
    }
    if (field !== n - 1) return false;
    bounds[n * 2 - 1] = end;

    const col = this.col;
    const at = bounds[col.date * 2]!;
    if (bounds[col.date * 2 + 1]! - at !== 10 || buf[at + 4] !== DASH || buf[at + 7] !== DASH) return false;
    const century = twoDigits(buf, at);
    const years = twoDigits(buf, at + 2);
    const month = twoDigits(buf, at + 5);
    const day = twoDigits(buf, at + 8);
    if (century < 0 || years < 0 || month < 0 || day < 1) return false;
    if (!this.dayExists(century * 100 + years, month, day)) return false;

    const open = this.decimal(buf, col.open);
    const high = this.decimal(buf, col.high);
    const low = this.decimal(buf, col.low);
    const close = this.decimal(buf, col.close);
    const volume = this.decimal(buf, col.volume);
    // NaN fails every comparison: one test per field is enough to decline.
    if (!(open >= 0 && high >= 0 && low >= 0 && close >= 0 && volume >= 0)) return false;
    let adj: number | undefined;
    if (this.adjusted) {
      adj = this.decimal(buf, col['adj close']);
      if (!(adj > 0)) return false;
    }
    out.day = dayKey(century * 100 + years, month, day);
    return checkPrices(out, open, high, low, close, volume, adj) === undefined;
  }

  private decimal(buf: Uint8Array, column: number): number {
    return plainDecimal(buf, this.bounds[column * 2]!, this.bounds[column * 2 + 1]!);
  }

  private dayExists(year: number, month: number, day: number): boolean {
    const key = year * 100 + month;
    if (key !== this.month) {
      if (month < 1 || month > 12) return false;
      this.month = key;
      this.monthDays = 28;
      for (let d = 31; d > 28; d--) {
        if (isCalendarDate(dayText(dayKey(year, month, d)))) {
          this.monthDays = d;
          break;
        }
      }
    }
    return day <= this.monthDays;
  }
}
