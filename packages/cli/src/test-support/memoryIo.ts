import { Writable } from 'node:stream';
import type { Io } from '../io.js';

class Collector extends Writable {
  text = '';
  isTTY = false;
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** An Io that captures stdout and stderr, for running commands in-process. */
export function memoryIo(cwd: string, nowIso = '2026-01-24T10:15:00.000Z'): Io & { out: () => string; err: () => string; interrupt: () => void; exits: number[] } {
  const stdout = new Collector();
  const stderr = new Collector();
  let handler: (() => void) | null = null;
  const exits: number[] = [];
  return {
    exits,
    exit: (code) => void exits.push(code),
    stdout,
    stderr,
    cwd,
    now: () => new Date(nowIso),
    onInterrupt(h) {
      handler = h;
      return () => void (handler = null);
    },
    out: () => stdout.text,
    err: () => stderr.text,
    interrupt: () => handler?.(),
  };
}

/** Runs `tickfold ...args` in-process in `cwd`: exit code, stdout and stderr. */
export async function inProcess(cwd: string, args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const { main } = await import('../program.js');
  const io = memoryIo(cwd);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}
