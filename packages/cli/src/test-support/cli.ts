import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

/** The built CLI the e2e tests spawn, as a user would run it. */
export const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/bin.js');

export interface Outcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function assertBuilt(): void {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing; build first: pnpm build (tsc -b, then the CLI's bundle; the e2e tests spawn the bundled CLI)`);
}

export const tempDir = (prefix = 'tickfold-e2e-'): string => mkdtempSync(join(tmpdir(), prefix));

/** Starts `tickfold ...args` in `cwd`; `done` resolves when it exits. */
export function start(args: readonly string[], cwd: string): { child: ChildProcess; done: Promise<Outcome> } {
  assertBuilt();
  const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const done = new Promise<Outcome>((ok) => child.on('close', (code, signal) => ok({ code, signal, stdout, stderr })));
  return { child, done };
}

/**
 * Resolves, with what `stream` printed, as soon as that contains `text` (counting from this
 * call: attach before the action that prints it); fails if the stream ends first. Waits for
 * the line itself, so no deadline races the machine's load.
 */
export function untilOutput(stream: Readable, text: string): Promise<string> {
  return new Promise((ok, fail) => {
    let seen = '';
    const onData = (chunk: string | Buffer) => {
      seen += String(chunk);
      if (!seen.includes(text)) return;
      stream.off('data', onData).off('end', onEnd);
      ok(seen);
    };
    const onEnd = () => fail(new Error(`the output ended without ${JSON.stringify(text)}; it was: ${seen.slice(-2000)}`));
    stream.on('data', onData).once('end', onEnd);
  });
}

export const tickfold = (args: readonly string[], cwd: string): Promise<Outcome> => start(args, cwd).done;

/** stdout of a --json command, parsed; fails with the command's stderr when it is not JSON. */
export function json<T = Record<string, unknown>>(o: Outcome): T {
  try {
    return JSON.parse(o.stdout) as T;
  } catch {
    throw new Error(`expected one JSON document on stdout (exit ${o.code}); stdout: ${o.stdout.slice(0, 500)} stderr: ${o.stderr.slice(0, 2000)}`);
  }
}
