import { describe, expect, it } from 'vitest';
import { boundHeapGrowth } from './heap.js';

describe('boundHeapGrowth', () => {
  it('leaves a heap growth the user set on the command line or in NODE_OPTIONS alone', () => {
    expect(boundHeapGrowth(['--heap-growing-percent=300'], '')).toBe(false);
    expect(boundHeapGrowth([], '--max-old-space-size=512 --heap_growing_percent=10')).toBe(false);
  });

  it('bounds it otherwise', () => {
    expect(boundHeapGrowth(['--enable-source-maps'], '--max-old-space-size=512')).toBe(true);
  });
});
