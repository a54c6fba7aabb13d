import { existsSync, statSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { TickfoldError } from '@tickfold/core';

// Kernel file systems where a directory or file cannot be made (statfs f_type): procfs, sysfs,
// cgroup, cgroup2, debugfs, tracefs, securityfs, devpts. Node's recursive mkdir spins for ever
// on some of them (it retries a parent that exists but refuses a child).
const PSEUDO_FS = new Set([0x9fa0, 0x62656572, 0x27e0eb, 0x63677270, 0x64626720, 0x74726163, 0x73636673, 0x1cd1]);

const refuse = (flag: string, path: string, why: string) =>
  new TickfoldError('E_OUT_INVALID', `${flag} ${path}: ${why}; give a path in a writable directory on a regular file system`, { flag, path });

/** The nearest part of `path` that exists (the path itself, or a parent). */
function existingAncestor(path: string): string {
  let at = path;
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  return at;
}

/**
 * Checks that `path` can be created as a `kind` ('dir' for a run directory, 'file' for a report):
 * what exists of it is a directory (or, for 'file', the file itself is a regular file), and it
 * does not lie on a kernel pseudo file system.
 */
export function checkOutPath(flag: string, path: string, kind: 'dir' | 'file'): void {
  if (existsSync(path)) {
    const st = statSync(path);
    if (kind === 'dir' && !st.isDirectory()) throw refuse(flag, path, 'it exists and is not a directory');
    if (kind === 'file' && !st.isFile()) throw refuse(flag, path, st.isDirectory() ? 'it is a directory (name the HTML file to write)' : 'it exists and is not a regular file');
  } else if (kind === 'file' && !existsSync(dirname(path))) {
    throw refuse(flag, path, `its directory ${dirname(path)} does not exist (create it first)`);
  }
  const base = existingAncestor(kind === 'dir' ? path : dirname(path));
  if (!statSync(base).isDirectory()) throw refuse(flag, path, `${base} is a file, not a directory`);
  if (PSEUDO_FS.has(Number(statfsSync(base).type))) throw refuse(flag, path, `${base} is on a kernel pseudo file system (/proc, /sys…), where nothing can be stored`);
}
