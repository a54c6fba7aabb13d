import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, formatSeconds } from './progress.js';

function terminal() {
  let text = '';
  const stream = Object.assign(
    new Writable({
      write(chunk, _enc, done) {
        text += String(chunk);
        done();
      },
    }),
    { isTTY: true, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true },
  );
  return { stream, text: () => text };
}

describe('createProgress', () => {
  it('stays silent when disabled (piped or --json)', () => {
    const t = terminal();
    let now = 0;
    const p = createProgress({ enabled: false, stream: t.stream, label: 'run', total: 100, unit: 'ticks', nowMs: () => now });
    now = 5000;
    p.update(50);
    p.stop();
    expect(t.text()).toBe('');
  });

  it('shows nothing for work that ends within the delay', () => {
    const t = terminal();
    let now = 0;
    const p = createProgress({ enabled: true, stream: t.stream, label: 'run', total: 100, unit: 'ticks', nowMs: () => now, delayMs: 1000 });
    now = 900;
    p.update(100);
    p.stop();
    expect(t.text()).toBe('');
  });

  it('after the delay draws a bar with count, rate and ETA', () => {
    const t = terminal();
    let now = 0;
    const p = createProgress({ enabled: true, stream: t.stream, label: 'run', total: 1000, unit: 'ticks', nowMs: () => now, delayMs: 1000 });
    now = 2000;
    p.update(500);
    expect(t.text()).toMatch(/run \[.*\] 50% \| 500\/1000 ticks \| 250\/s \| ETA 2s/);
    p.stop();
  });
});

describe('formatSeconds', () => {
  it.each([
    [0.4, '0s'],
    [59, '59s'],
    [75, '1m15s'],
    [3700, '1h01m'],
  ])('%f s reads %s', (s, text) => expect(formatSeconds(s)).toBe(text));
});
