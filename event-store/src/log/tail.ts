import type { FileLayer } from '../fileLayer.js';
import { isFramed } from './line.js';
import { readLines } from './lines.js';

/**
 * Whether a complete, framed line (with its newline) follows `offset` in a file. A crash can
 * only leave a torn last write, zeros or garbage at the end; a framed line after damage means
 * the damage is not a torn tail.
 */
export function findFramedLine(fs: FileLayer, path: string, offset: number): boolean {
  const fd = fs.openRead(path);
  try {
    for (const line of readLines(fs, fd, offset)) if (line.complete && isFramed(line.buf, line.start, line.end)) return true;
    return false;
  } finally {
    fs.close(fd);
  }
}
