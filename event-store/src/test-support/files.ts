import * as fs from 'node:fs';
import { join } from 'node:path';

/** name → bytes of every segment file of a run. */
export function segmentFiles(dir: string): Record<string, Buffer> {
  const events = join(dir, 'events');
  return Object.fromEntries(fs.readdirSync(events).sort().map((n) => [n, fs.readFileSync(join(events, n))]));
}
