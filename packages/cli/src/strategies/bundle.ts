import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import type { Message, Plugin } from 'esbuild';
import { sha256Hex, TickfoldError } from '@tickfold/core';

/** A strategy file bundled into one ES module, with one hash for all the code it runs. */
export interface StrategyBundle {
  /** The path as the user gave it: what SessionStarted records as the origin. */
  readonly origin: string;
  /** The module and the local files it imports, as one ESM text. */
  readonly code: string;
  /** sha256 over every file bundled (its path relative to the entry's folder, then its bytes), in path order. */
  readonly sha256: string;
}

const EXTENSIONS = new Set(['.mjs', '.js', '.ts', '.mts']);

/** `@tickfold/*` stays external, resolved to this installation, so a strategy shares core's helpers and types. */
const tickfoldExternal: Plugin = {
  name: 'tickfold-external',
  setup(b) {
    b.onResolve({ filter: /^@tickfold\// }, (args) => ({ path: import.meta.resolve(args.path), external: true }));
  },
};

const loadError = (origin: string, what: string, details: Record<string, unknown> = {}) =>
  new TickfoldError('E_STRATEGY_LOAD', `cannot load strategy file ${origin}: ${what}`, { file: origin, ...details });

const located = (origin: string, m: Message): TickfoldError => {
  const at = m.location ? ` at line ${m.location.line}, column ${m.location.column + 1} of ${m.location.file}` : '';
  return loadError(origin, `${m.text}${at}${m.location?.lineText ? `:\n  ${m.location.lineText}` : ''}\nfix the file and run again`, m.location ? { line: m.location.line, column: m.location.column + 1 } : {});
};

/**
 * Bundles a strategy file (.mjs/.js, or .ts: esbuild strips the types) with the local files it
 * imports. The hash is taken over the inputs, not esbuild's output, so it does not change with
 * the esbuild version or the folder the project sits in; only what the code says.
 *
 * @example const b = await bundleStrategyFile('strategies/rsi.mjs', process.cwd());
 */
export async function bundleStrategyFile(origin: string, cwd: string): Promise<StrategyBundle> {
  const path = resolve(cwd, origin);
  if (!EXTENSIONS.has(extname(path))) throw loadError(origin, `a strategy file is an ES module ending in .mjs, .js or .ts (got '${extname(path) || 'no extension'}')`);
  if (!existsSync(path)) throw loadError(origin, `${path} does not exist; check the path given to --strategy-file`);
  const root = dirname(path);
  // Loaded on first use: a run without strategy files does not pay for esbuild at start-up.
  const { build } = await import('esbuild');
  let result;
  try {
    result = await build({
      entryPoints: [path],
      absWorkingDir: root,
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      metafile: true,
      logLevel: 'silent',
      plugins: [tickfoldExternal],
    });
  } catch (e) {
    const errors = (e as { errors?: Message[] }).errors;
    throw errors?.[0] ? located(origin, errors[0]) : loadError(origin, (e as Error).message);
  }
  const inputs = Object.keys(result.metafile.inputs).sort();
  const parts = inputs.map((rel) => `${rel}\n${readFileSync(resolve(root, rel)).toString('base64')}`);
  return { origin, code: result.outputFiles[0]!.text, sha256: sha256Hex(`tickfold/strategy-file/v1\n${parts.join('\n')}`) };
}
