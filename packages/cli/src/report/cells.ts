/** Small pieces shared by the report's tables: escaping, dates, and the gain/loss class. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** YYYY-MM-DD of an ISO time ('' for none). */
export const day = (iso: string | null): string => (iso === null ? '' : iso.slice(0, 10));
/** The date of a daily bar, or date and minute of an intraday one. */
export const stamp = (iso: string): string => (iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 16).replace('T', ' '));
/** CSS class of a signed figure: green gains, red losses. */
export const signed = (v: number): string => (v > 0 ? 'gain' : v < 0 ? 'loss' : '');
