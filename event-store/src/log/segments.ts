import type { FileLayer } from '../fileLayer.js';
import { SEGMENT_RE, eventsDir, segmentIndex, segmentName } from '../layout.js';
import { logError } from '../errors.js';
import { lastSeq } from './links.js';

/**
 * The segment files of a run, in order. Numbering must run 1, 2, 3… without a gap: a missing
 * segment is damage before the tail, never something to skip.
 */
export function listSegments(dir: string, fs: FileLayer): string[] {
  const names = fs.list(eventsDir(dir)).filter((n) => SEGMENT_RE.test(n));
  names.sort((a, b) => segmentIndex(a) - segmentIndex(b));
  names.forEach((name, i) => {
    if (segmentIndex(name) !== i + 1) {
      const missing = segmentName(i + 1);
      // The first missing seq follows the last line of the segment before the gap.
      const seq = i === 0 ? 1 : lastSeq(dir, fs, names.slice(0, i)) + 1;
      throw logError(
        'E_LOG_SEGMENT_MISSING',
        { segment: missing, offset: 0, seq },
        `segment ${missing} is missing (found ${name} after ${i === 0 ? 'nothing' : names[i - 1]}): the events from seq ${Number.isFinite(seq) ? seq : '(unknown)'} on are lost`,
        `restore it from a backup or open with salvage to keep the events before it`,
      );
    }
  });
  return names;
}
