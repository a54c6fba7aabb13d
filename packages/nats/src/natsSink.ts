import type { EngineSink, EventRecord } from '@tickfold/core';
import type { RunLogAppender } from './runLog.js';

export const DEFAULT_CHUNK_BYTES = 64 * 1024;

/**
 * An engine sink that appends whole ticks to the run's subject: buffered up to `chunkBytes`,
 * or every tick (`everyTick`, for live sessions whose ticks must be durable as they happen).
 * The engine waits for a flush, so a tick is never decided past a refused append.
 */
export class NatsSink implements EngineSink {
  private buffer: EventRecord[] = [];
  private bytes = 0;

  constructor(
    private readonly appender: RunLogAppender,
    private readonly options: { readonly chunkBytes?: number; readonly everyTick?: boolean } = {},
  ) {}

  write(records: readonly EventRecord[]): void | Promise<void> {
    for (const r of records) {
      this.buffer.push(r);
      this.bytes += r.canonical.length + 78;
    }
    const ends = records.at(-1)?.event.type === 'SessionEnded';
    if (ends || this.options.everyTick || this.bytes >= (this.options.chunkBytes ?? DEFAULT_CHUNK_BYTES)) return this.flush();
  }

  async flush(): Promise<void> {
    const records = this.buffer;
    this.buffer = [];
    this.bytes = 0;
    await this.appender.append(records);
  }
}
