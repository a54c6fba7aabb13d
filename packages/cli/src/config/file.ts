import { readFileSync } from 'node:fs';
import { TickfoldError } from '@tickfold/core';
import { MAX_JSON_DEPTH, exceedsDepth } from '@tickfold/core/internal';

/** Reads a JSON config file; a missing file or bad JSON is E_CONFIG_FILE with the path and position. */
export function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new TickfoldError('E_CONFIG_FILE', `cannot read config file ${path} (${code ?? (e as Error).message}); check the path given to --config`, { file: path });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const at = /position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : undefined;
    const where = offset === undefined ? '' : ` at line ${text.slice(0, offset).split('\n').length}, byte ${offset}`;
    throw new TickfoldError('E_CONFIG_FILE', `config file ${path} is not valid JSON${where}: ${message}; fix the JSON (no comments or trailing commas)`, {
      file: path,
      offset,
    });
  }
  if (exceedsDepth(parsed)) {
    throw new TickfoldError('E_CONFIG_FILE', `config file ${path} nests deeper than ${MAX_JSON_DEPTH} levels; a config needs a few: check that the file is a tickfold config`, { file: path });
  }
  return parsed;
}
