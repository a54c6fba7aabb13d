/** Number formatting for human output: fixed decimals with thousands separators. */
// One formatter each: toLocaleString builds a new one on every call, which is most of a long table's time.
const MONEY = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const UNITS = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });
export const money = (n: number): string => MONEY.format(n);
export const units = (n: number): string => UNITS.format(n);
export const percent = (fraction: number, digits = 2): string => `${(fraction * 100).toFixed(digits)}%`;
export const shortHash = (hash: string): string => hash.slice(0, 16);
