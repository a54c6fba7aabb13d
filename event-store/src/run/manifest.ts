import { join } from 'node:path';
import { isTickfoldError, CHAIN_VERSION, FORMAT_VERSION, GENESIS_HASH, TICKFOLD_VERSION, configHash, resolveConfig, type Config } from '@tickfold/core';
import { exceedsDepth, MAX_JSON_DEPTH } from '@tickfold/core/internal';
import type { FileLayer } from '../fileLayer.js';
import { MANIFEST_FILE } from '../layout.js';
import { storeError } from '../errors.js';
import { ROTATIONS, type Rotation } from '../log/rotation.js';

/** manifest.json: what a run is, written once when it is created. */
export interface Manifest {
  readonly format: number;
  readonly tickfold: string;
  readonly createdAt: string;
  readonly seed: number;
  readonly config: Config;
  readonly configHash: string;
  readonly chain: { readonly version: number; readonly genesis: string };
  /** Rotation is part of the run, so a resumed writer cuts segments where the first would have. */
  readonly segmentMaxBytes: number;
  readonly snapshotEvery: number;
  readonly rotation: Rotation;
}

export function newManifest(config: Config, createdAt: string, segmentMaxBytes: number, snapshotEvery: number, rotation: Rotation): Manifest {
  return {
    format: FORMAT_VERSION,
    tickfold: TICKFOLD_VERSION,
    createdAt,
    seed: config.seed,
    config,
    configHash: configHash(config),
    chain: { version: CHAIN_VERSION, genesis: GENESIS_HASH },
    segmentMaxBytes,
    snapshotEvery,
    rotation,
  };
}

const FIX = 'the manifest is written once by createRun; restore it from a backup';

/** Reads and checks manifest.json: E_RUN_NOT_FOUND when absent, E_MANIFEST_INVALID naming the field. */
export function readManifest(dir: string, fs: FileLayer): Manifest {
  const path = join(dir, MANIFEST_FILE);
  if (!fs.exists(path)) {
    throw storeError('E_RUN_NOT_FOUND', `${path} does not exist: ${dir} is not a tickfold run directory (or its creation never completed); check the path`, { file: path });
  }
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(fs.readFile(path).toString('utf8')) as Record<string, unknown>;
  } catch (e) {
    throw storeError('E_MANIFEST_INVALID', `${path} is not valid JSON (${(e as Error).message}); ${FIX}`, { file: path });
  }
  const bad = (field: string, rule: string) =>
    storeError('E_MANIFEST_INVALID', `${path}: field /${field} ${rule}; ${FIX}`, { file: path, field: `/${field}` });
  if (m === null || typeof m !== 'object') throw bad('', 'must be an object');
  if (exceedsDepth(m)) throw bad('', `nests deeper than ${MAX_JSON_DEPTH} levels`);
  if (m['format'] !== FORMAT_VERSION) throw bad('format', `must be ${FORMAT_VERSION} (this tickfold reads format ${FORMAT_VERSION} only)`);
  for (const f of ['tickfold', 'createdAt', 'configHash'] as const) if (typeof m[f] !== 'string') throw bad(f, 'must be a string');
  for (const f of ['seed', 'segmentMaxBytes', 'snapshotEvery'] as const) {
    if (!Number.isSafeInteger(m[f]) || (m[f] as number) < 0) throw bad(f, 'must be a non-negative integer');
  }
  // The same floor createRun enforces: below it every line would get a segment of its own.
  if ((m['segmentMaxBytes'] as number) < 1024) throw bad('segmentMaxBytes', 'must be at least 1024 (as createRun requires)');
  if (!ROTATIONS.includes(m['rotation'] as Rotation)) throw bad('rotation', `must be one of ${ROTATIONS.join(', ')}`);
  const chain = m['chain'] as { version?: unknown; genesis?: unknown } | undefined;
  if (chain?.version !== CHAIN_VERSION || chain.genesis !== GENESIS_HASH) throw bad('chain', `must be version ${CHAIN_VERSION} with genesis ${GENESIS_HASH}`);
  let config: Config;
  try {
    config = resolveConfig(m['config'], `${path} /config`);
  } catch (e) {
    const pointers = isTickfoldError(e) ? (e.details['pointers'] as string[] | undefined) : undefined;
    throw storeError('E_MANIFEST_INVALID', `${path}: field /config is not a valid config${pointers?.length ? ` (${pointers.join(', ')})` : ''}; ${FIX}`, { file: path, field: '/config' }, e);
  }
  if (configHash(config) !== m['configHash']) throw bad('configHash', 'does not match the config it describes');
  return { ...(m as unknown as Manifest), config };
}
