/** Everything a command touches outside itself, injected so tests can run commands in-process. */
export interface Io {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly cwd: string;
  /** Wall clock: used only to name new run directories and for the manifest's createdAt. */
  readonly now: () => Date;
  /** Installs a Ctrl-C handler; returns a function that removes it. */
  readonly onInterrupt: (handler: () => void) => () => void;
  /** Leaves at once (a second Ctrl-C). */
  readonly exit: (code: number) => void;
  /** Environment variables the output honours (NO_COLOR); none when absent. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The real process. */
export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    now: () => new Date(),
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
    exit: (code) => process.exit(code),
    env: process.env,
  };
}

/** Writes one JSON document (--json mode) or human text, each ending in a newline. */
export const printJson = (io: Io, value: unknown): void => void io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
export const printLine = (io: Io, text: string): void => void io.stdout.write(`${text}\n`);
export const note = (io: Io, text: string): void => void io.stderr.write(`${text}\n`);
