import { TickfoldError } from '@tickfold/core';

const FIXES: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device: free some space and run the command again (a run continues with tickfold run --resume DIR)',
  EDQUOT: 'the disk quota is used up: free some space and run the command again',
  EROFS: 'the file system is read-only: choose a path on a writable one',
  EACCES: 'permission denied: fix the permissions or choose another path',
  EPERM: 'operation not permitted: fix the permissions or choose another path',
  ENOTDIR: 'a part of the path is a file, not a directory: choose another path',
  ENOENT: 'no such file or directory: check the path (create the directory first when writing into it)',
  EISDIR: 'the path is a directory where a file was expected: choose a file path',
  EEXIST: 'the path already exists: choose another one',
  EMFILE: 'too many open files: raise the limit (ulimit -n) or close other programs',
  EIO: 'the device reported an I/O error: check the disk',
};

/** Whether `e` is an error from the operating system (errno code, syscall). */
export const isErrnoError = (e: unknown): e is NodeJS.ErrnoException =>
  e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && typeof (e as NodeJS.ErrnoException).syscall === 'string';

/**
 * An operating-system error as a coded error naming the path, the system's reason and a fix,
 * with the original as its cause: a full disk or a read-only directory is not a bug.
 */
export function ioError(e: NodeJS.ErrnoException, code: 'E_IO' | 'E_RUN_WRITER_FAILED' = 'E_IO', context = ''): TickfoldError {
  const dest = (e as { dest?: string }).dest;
  const where = e.path ? ` ${e.path}${dest ? ` → ${dest}` : ''}` : '';
  const fix = FIXES[e.code!] ?? 'check the path and the device';
  return new TickfoldError(code, `${context}${e.syscall}${where} failed (${e.code}); ${fix}`, { path: e.path, syscall: e.syscall, errno: e.code }, { cause: e });
}
