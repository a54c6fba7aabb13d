import { describe, expect, it } from 'vitest';
import { defaultRange } from './options.js';

describe('default range', () => {
  it('asks for enough history for the interval', () => {
    expect((['1m', '5m', '30m', '1h', '1d', '1wk', '1mo'] as const).map(defaultRange)).toEqual(['5d', '1mo', '1mo', '3mo', '1y', '5y', 'max']);
  });
});
