import pc from 'picocolors';
import type { Io } from '../io.js';

export type Colors = ReturnType<typeof pc.createColors>;

/** How human output may look on a stream: its colours (no-ops when off) and its width in columns. */
export interface Terminal {
  readonly color: Colors;
  readonly colored: boolean;
  /** Columns to fit; Infinity when the output is not a terminal (a pipe or a file keeps every column). */
  readonly width: number;
}

type Stream = Io['stdout'] & { columns?: number; hasColors?: () => boolean };

/**
 * Colour only on a terminal that has colours and without NO_COLOR (https://no-color.org: set and
 * not empty); tables fit the terminal's width.
 *
 * @example const term = terminalOf(io.stdout, io.env); term.color.red('-3.2%')
 */
export function terminalOf(stream: Stream, env: Io['env'] = {}): Terminal {
  const tty = stream.isTTY === true;
  const noColor = env?.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const colored = tty && !noColor && (typeof stream.hasColors === 'function' ? stream.hasColors() : true);
  return { color: pc.createColors(colored), colored, width: tty && stream.columns ? stream.columns : Infinity };
}

/** Plain text, colourless: the terminal of a pipe. */
export const PLAIN: Terminal = { color: pc.createColors(false), colored: false, width: Infinity };

/** Green for a gain, red for a loss, as is for zero or no value. */
export const bySign = (term: Terminal, value: number | null, text: string): string =>
  value === null || value === 0 ? text : value > 0 ? term.color.green(text) : term.color.red(text);
