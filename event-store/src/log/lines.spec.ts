import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeFileLayer } from '../fileLayer.js';
import { LineReader, readLines } from './lines.js';

const dir = mkdtempSync(join(tmpdir(), 'tickfold-lines-'));
/** Every line readLines yields for `content` from `offset`, copied out. */
function collect(content: string, offset = 0) {
  const path = join(dir, 'f');
  writeFileSync(path, content);
  const fd = nodeFileLayer.openRead(path);
  try {
    return Array.from(readLines(nodeFileLayer, fd, offset), (l) => ({ text: l.buf.toString('utf8', l.start, l.end), at: l.at, complete: l.complete }));
  } finally {
    nodeFileLayer.close(fd);
  }
}

describe('reading a file line by line', () => {
  it('yields each line with its file offset, and the bytes after the last newline as a torn line', () => {
    expect(collect('ab\n\ncd\nef')).toEqual([
      { text: 'ab', at: 0, complete: true },
      { text: '', at: 3, complete: true },
      { text: 'cd', at: 4, complete: true },
      { text: 'ef', at: 7, complete: false },
    ]);
    expect(collect('ab\ncd\n', 3)).toEqual([{ text: 'cd', at: 3, complete: true }]);
  });

  it('carries lines across chunk boundaries and grows for a line longer than a chunk', () => {
    const long = 'x'.repeat(3 << 20);
    const short = Array.from({ length: 50_000 }, (_, i) => `line ${i} ${'y'.repeat(i % 50)}`);
    const lines = collect([...short, long, 'end'].join('\n') + '\n') as { text: string; complete: boolean }[];
    expect(lines.map((l) => l.text)).toEqual([...short, long, 'end']);
    expect(lines.every((l) => l.complete)).toBe(true);
  });

  it('keeps the line before the current one in the buffer, across refills, for reading it as the previous line', () => {
    const lines = Array.from({ length: 30_000 }, (_, i) => `${i}:${'z'.repeat(i % 97)}`);
    const path = join(dir, 'prev');
    writeFileSync(path, lines.join('\n') + '\n');
    const fd = nodeFileLayer.openRead(path);
    try {
      const reader = new LineReader(nodeFileLayer, fd, 0);
      let i = 0;
      while (reader.next()) {
        if (i === 0) expect(reader.prevStart).toBe(-1);
        else expect(reader.buf.toString('utf8', reader.prevStart, reader.buf.indexOf(0x0a, reader.prevStart))).toBe(lines[i - 1]);
        expect(reader.buf.toString('utf8', reader.start, reader.end)).toBe(lines[i]);
        i += 1;
      }
      expect(i).toBe(lines.length);
    } finally {
      nodeFileLayer.close(fd);
    }
  });
});
