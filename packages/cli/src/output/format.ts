/** Number formatting for human output: fixed decimals with thousands separators. */
// One formatter each: toLocaleString builds a new one on every call, which is most of a long table's time.
// Made at first use, not when the module loads: the first Intl formatter of a process costs ~12 ms
// (ICU's locale data), which every command paid at start-up, `--json` runs too, that print none.
let MONEY: Intl.NumberFormat | undefined;
let UNITS: Intl.NumberFormat | undefined;
export const money = (n: number): string => (MONEY ??= new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })).format(n);
export const units = (n: number): string => (UNITS ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 })).format(n);
export const percent = (fraction: number, digits = 2): string => `${(fraction * 100).toFixed(digits)}%`;
export const shortHash = (hash: string): string => hash.slice(0, 16);
