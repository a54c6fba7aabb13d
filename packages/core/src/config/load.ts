import { Ajv } from 'ajv';
import { TickfoldError } from '../errors.js';
import { describeAjvError } from '../events/validate.js';
import { canonical } from '../chain/canonical.js';
import { sha256Hex } from '../chain/hash.js';
import { Config } from './schema.js';

const ajv = new Ajv({ allErrors: true, strict: true, useDefaults: true, allowUnionTypes: true });
ajv.addKeyword('kind').addKeyword('modifier');
const validateConfig = ajv.compile(Config);

/**
 * Validates a config and fills in every default. Unknown keys, wrong types and out-of-range
 * values throw E_CONFIG_INVALID listing each problem with its JSON pointer.
 * Symbols are sorted: processing order must never depend on how the user listed them.
 *
 * @example const config = resolveConfig({ seed: 7, symbols: ['QQQ', 'SPY'] });
 */
export function resolveConfig(input: unknown, source = 'config'): Config {
  const candidate: unknown = input === undefined ? {} : structuredClone(input);
  if (!validateConfig(candidate)) {
    const problems = (validateConfig.errors ?? []).map(describeAjvError);
    throw new TickfoldError(
      'E_CONFIG_INVALID',
      `${source} is invalid:\n  - ${problems.join('\n  - ')}\nFix the listed fields (see 'tickfold run --help' for the keys and their defaults).`,
      { pointers: (validateConfig.errors ?? []).map((e) => e.instancePath), source },
    );
  }
  const config = candidate as Config;
  config.symbols = [...config.symbols].sort();
  return config;
}

/** sha256 of the canonical config: two sessions with the same hash were configured alike. */
export const configHash = (config: Config): string => sha256Hex(canonical(config));
