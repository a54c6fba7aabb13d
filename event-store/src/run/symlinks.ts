import { lstatSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { storeError } from '../errors.js';

const refuse = (dir: string, path: string) =>
  storeError(
    'E_RUN_SYMLINK',
    `${path} is a symbolic link inside run directory ${dir}; tickfold never writes through links in a run directory (a run handed over by someone else could make it write anywhere): replace the link with the real file or directory, or copy the run without links (cp -rL)`,
    { dir, file: path },
  );

/**
 * Refuses a run directory that holds a symbolic link anywhere inside it (the directory itself may
 * be one: that is the caller's own path). Called before anything is written to a run.
 */
export function assertNoSymlinks(dir: string): void {
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isSymbolicLink()) throw refuse(dir, path);
      if (entry.isDirectory()) walk(path);
    }
  };
  walk(dir);
}

/** Refuses writing `target` when it, or a directory between `dir` and it, is a symbolic link. */
export function assertNoSymlinkOnPath(dir: string, target: string): void {
  const rel = relative(dir, target);
  if (rel === '' || rel.startsWith('..') || rel.startsWith(sep)) return; // not inside the run
  let at = dir;
  for (const part of rel.split(sep)) {
    at = join(at, part);
    let isLink: boolean;
    try {
      isLink = lstatSync(at).isSymbolicLink();
    } catch {
      return; // does not exist yet: nothing below it can be a link either
    }
    if (isLink) throw refuse(dir, at);
  }
}
