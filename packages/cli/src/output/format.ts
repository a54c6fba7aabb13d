/** Number formatting for human output: fixed decimals with thousands separators. */
export const money = (n: number): string => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const units = (n: number): string => (Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 4 }));
export const percent = (fraction: number, digits = 2): string => `${(fraction * 100).toFixed(digits)}%`;
export const shortHash = (hash: string): string => hash.slice(0, 16);
