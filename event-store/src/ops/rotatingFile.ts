import * as fs from 'node:fs';
import { join } from 'node:path';

// The period is a day, month or year (`2024-01-02`, `2024-01`, `2024`): see log/rotation.ts.
const NAME_RE = /^(\d{4}(?:-\d{2}){0,2})\.(\d+)\.jsonl$/;

/**
 * A synchronous line sink for pino that rotates by the UTC period of event time (set by the caller
 * before each line) and by size: `<dir>/<period>.<n>.jsonl`, n counting from 1 within a period.
 */
export class RotatingFile {
  private fd = -1;
  private size = 0;
  private day = '';
  private part = 0;
  /** The UTC date the next line belongs to. */
  currentDay = '1970-01-01';

  constructor(readonly dir: string, private readonly maxBytes: number) {
    fs.mkdirSync(dir, { recursive: true });
  }

  write(line: string): void {
    const bytes = Buffer.byteLength(line);
    if (this.fd < 0 || this.day !== this.currentDay || (this.size > 0 && this.size + bytes > this.maxBytes)) this.rotate();
    fs.writeSync(this.fd, line);
    this.size += bytes;
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }

  private rotate(): void {
    this.close();
    if (this.day !== this.currentDay) {
      // A resumed run continues the newest file of its day.
      const parts = fs.readdirSync(this.dir).map((n) => NAME_RE.exec(n)).filter((m) => m?.[1] === this.currentDay).map((m) => Number(m![2]));
      this.day = this.currentDay;
      this.part = Math.max(1, ...parts);
    } else {
      this.part += 1;
    }
    const path = join(this.dir, `${this.day}.${this.part}.jsonl`);
    this.fd = fs.openSync(path, 'a');
    this.size = fs.fstatSync(this.fd).size;
    if (this.size > 0 && this.size >= this.maxBytes) this.rotate();
  }
}
