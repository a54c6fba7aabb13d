import type { FileLayer } from '../fileLayer.js';
import { isFramed } from './line.js';

/**
 * Whether a complete, framed line (with its newline) follows `offset` in a file. A crash can
 * only leave a torn last write, zeros or garbage at the end; a framed line after damage means
 * the damage is not a torn tail.
 */
export function findFramedLine(fs: FileLayer, path: string, offset: number): boolean {
  const size = fs.size(path);
  const fd = fs.openRead(path);
  try {
    let buf = Buffer.allocUnsafe(1 << 20);
    let pos = offset;
    let len = 0;
    while (pos + len < size) {
      if (len === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, len);
        buf = bigger;
      }
      const n = fs.read(fd, buf, len, buf.length - len, pos + len);
      if (n === 0) break;
      len += n;
      let start = 0;
      let nl = buf.indexOf(0x0a, start);
      while (nl !== -1 && nl < len) {
        if (isFramed(buf, start, nl)) return true;
        start = nl + 1;
        nl = buf.indexOf(0x0a, start);
      }
      buf.copy(buf, 0, start, len);
      len -= start;
      pos += start;
    }
    return false;
  } finally {
    fs.close(fd);
  }
}
