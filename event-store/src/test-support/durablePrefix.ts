import * as fs from 'node:fs';
import { join } from 'node:path';

/**
 * The oracle for crash tests, written independently of the store's reader: the seq of the last
 * complete tick (or session event) in the durable bytes of the segments, read naively.
 */
export function lastDurableBoundary(dir: string, durable: ReadonlyMap<string, number>): number {
  const events = join(dir, 'events');
  const names = fs.existsSync(events) ? fs.readdirSync(events).filter((n) => /^\d{6}\.jsonl$/.test(n)).sort() : [];
  let boundary = 0;
  for (const name of names) {
    const path = join(events, name);
    const bytes = fs.readFileSync(path).subarray(0, durable.get(path) ?? 0).toString('utf8');
    for (const line of bytes.split('\n').slice(0, -1)) {
      const event = JSON.parse(line).e as { seq: number; type: string };
      if (['Heartbeat', 'SessionStarted', 'SessionEnded'].includes(event.type)) boundary = event.seq;
    }
  }
  return boundary;
}
