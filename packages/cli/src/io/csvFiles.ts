import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { TickfoldError, type Config } from '@tickfold/core';

/**
 * A CSV feed reads each file whole: a device (/dev/zero), a FIFO or a directory would hang it or
 * fail deep inside. Refuse anything but a regular file before the run directory is made.
 */
export function checkCsvFiles(config: Config, baseDir: string): void {
  if (config.feed.kind !== 'csv') return;
  const files = (config.feed.options as { files?: unknown }).files;
  const paths = Array.isArray(files) ? files : files && typeof files === 'object' ? Object.values(files) : [];
  for (const path of paths) {
    if (typeof path !== 'string') continue;
    const full = resolve(baseDir, path);
    let regular: boolean;
    try {
      regular = statSync(full).isFile();
    } catch (e) {
      throw new TickfoldError('E_CSV_READ', `cannot read the CSV file ${full} (${(e as NodeJS.ErrnoException).code ?? 'error'}); check the path (relative paths resolve against ${baseDir})`, { file: full }, { cause: e });
    }
    if (!regular) throw new TickfoldError('E_CSV_READ', `${full} is not a regular file (a device, pipe or directory); give a CSV file of daily bars`, { file: full });
  }
}
