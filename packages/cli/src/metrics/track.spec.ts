import { describe, expect, it } from 'vitest';
import { memoryRun } from '../test-support/memoryRun.js';
import { createTracker, trackRecords } from './track.js';

describe('createTracker', () => {
  it('records each symbol\'s span as the ticks that delivered a bar, and the end reason', async () => {
    const { records, result } = await memoryRun({ symbols: ['AAA', 'BBB'], data: { minBars: 20 } }, 30);
    const track = trackRecords(records).track!;
    expect(track.ticks).toHaveLength(30);
    expect(track.events).toBe(result.state.seq);
    for (const s of Object.values(track.symbols)) expect([s.firstBarIndex, s.lastBarIndex, s.barTimesMs.length]).toEqual([0, 29, 30]);
    expect(track.endReason).toBe('completed');
  });

  it('refuses an event about a symbol SessionStarted does not list, naming its seq', async () => {
    const { records } = await memoryRun({ symbols: ['AAA'] }, 2);
    const tracker = createTracker();
    tracker.push(records[0]!.event);
    const bar = records.find((r) => r.event.type === 'BarReceived')!.event;
    expect(() => tracker.push({ ...bar, symbol: 'ZZZ' } as typeof bar)).toThrow(new RegExp(`^E_REPORT_SYMBOL: seq ${bar.seq} is about ZZZ, which SessionStarted does not list`));
  });
});
