import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inProcess } from '../test-support/memoryIo.js';
import { start, tempDir, tickfold } from '../test-support/cli.js';
import { ioError } from '../io/ioError.js';

const cwd = tempDir('tickfold-io-');
writeFileSync(join(cwd, 'a-file'), 'x');
// A file like /etc/shadow: its first line must never be echoed back.
writeFileSync(join(cwd, 'shadow'), 'root:$6$s3cr3tSALT$hashhashhash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n');
writeFileSync(join(cwd, 'deep.json'), `{"seed":1,"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);

const fails = (args: string[]) => inProcess(cwd, args);

describe('paths that cannot hold a run or a report are refused with a coded error, not a bug or a hang', () => {
  it.each([
    [['run', '--out', '/proc/tickfold-x', '--ticks', '3'], 'E_OUT_INVALID: --out /proc/tickfold-x: /proc is on a kernel pseudo file system'],
    [['run', '--out', '/sys/kernel/tickfold-x', '--ticks', '3'], 'E_OUT_INVALID: --out /sys/kernel/tickfold-x'],
    [['run', '--out', 'a-file', '--ticks', '3'], 'it exists and is not a directory'],
    [['run', '--out', 'a-file/run', '--ticks', '3'], 'a-file is a file, not a directory'],
    [['run', '--csv', '/dev/zero', '--symbols', 'X'], 'E_CSV_READ: /dev/zero is not a regular file'],
    [['run', '--config', 'deep.json'], 'E_CONFIG_FILE: config file '],
  ])('%j', async (args, message) => {
    const r = await fails(args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).not.toMatch(/E_INTERNAL|\n\s+at /);
  });

  it('report --out into a directory that does not exist is E_OUT_INVALID', async () => {
    expect((await fails(['run', '--out', 'runs/small', '--ticks', '3'])).code).toBe(0);
    const r = await fails(['report', 'runs/small', '--out', 'missing/dir/report.html']);
    expect(r).toMatchObject({ code: 2 });
    expect(r.err).toContain('E_OUT_INVALID: --out');
    expect(r.err).toContain('does not exist (create it first)');
  });

  it("a file that is not a CSV is described, never echoed (--csv /etc/shadow leaked its first line)", async () => {
    const r = await fails(['run', '--csv', 'shadow', '--symbols', 'X']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('E_CSV_HEADER');
    expect(r.err).not.toContain('s3cr3t');
    expect(r.err).not.toContain('root');
  });
});

describe('operating-system errors are coded, with the path and a fix', () => {
  it.each([
    ['EROFS', 'mkdir', 'the file system is read-only'],
    ['ENOSPC', 'write', 'no space left'],
    ['ENOTDIR', 'mkdir', 'a part of the path is a file'],
    ['ENOENT', 'open', 'no such file'],
    ['EACCES', 'open', 'permission denied'],
  ])('%s', (code, syscall, fix) => {
    const errno = Object.assign(new Error(`${code}: x`), { code, syscall, path: '/data/runs/a' });
    const e = ioError(errno);
    expect(e.code).toBe('E_IO');
    expect(e.message).toContain(`${syscall} /data/runs/a failed (${code}); ${fix}`);
    expect(e.cause).toBe(errno);
  });

  it('a reader that goes away (inspect | head) ends the command quietly', async () => {
    const made = await tickfold(['run', '--out', 'runs/piped', '--ticks', '200'], cwd);
    expect(made.code).toBe(0);
    const run = start(['inspect', 'runs/piped', '--jsonl'], cwd);
    run.child.stdout!.once('data', () => run.child.stdout!.destroy());
    const out = await run.done;
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
  });
});
