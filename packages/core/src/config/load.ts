import { TickfoldError } from '../errors.js';
import type { ValidateFunction } from 'ajv';
import { describeAjvError } from '../validation/ajvError.js';
import * as precompiled from '../validation/configValidator.js';
import { canonical } from '../chain/canonical.js';
import { sha256Hex } from '../chain/hash.js';
import { Config } from './schema.js';
import { isIsoInstant } from '../decide/admit.js';

/** The pointer of the first value that would not survive a JSON round trip, or null. */
function firstNonJson(value: unknown, pointer: string): string | null {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : pointer;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = firstNonJson(value[i], `${pointer}/${i}`);
      if (bad) return bad;
    }
    return null;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const key of Object.keys(value).sort()) {
      const bad = firstNonJson((value as Record<string, unknown>)[key], `${pointer}/${key}`);
      if (bad) return bad;
    }
    return null;
  }
  return pointer;
}

/** Precompiled by Ajv (scripts/precompile-validators.mjs): defaults filled in, every problem listed. */
const validateConfig = (precompiled as unknown as { Config: ValidateFunction }).Config;

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
    const problems = (validateConfig.errors ?? []).map((e) => describeAjvError(e));
    throw new TickfoldError(
      'E_CONFIG_INVALID',
      `${source} is invalid:\n  - ${problems.join('\n  - ')}\nFix the listed fields (see 'tickfold run --help' for the keys and their defaults).`,
      { pointers: (validateConfig.errors ?? []).map((e) => e.instancePath), source },
    );
  }
  const config = candidate as Config;
  const invalid = (pointer: string, why: string): never => {
    throw new TickfoldError('E_CONFIG_INVALID', `${source} is invalid:\n  - field ${pointer} ${why}`, { pointers: [pointer], source });
  };
  if (!isIsoInstant(config.clock.start)) invalid('/clock/start', `is not a real UTC instant (${config.clock.start}); write it as 2024-01-02T00:00:00.000Z`);
  const unsafe = firstNonJson(config.feed.options, '/feed/options');
  if (unsafe) invalid(unsafe, 'holds a value JSON cannot record (NaN, Infinity, undefined, a function or a class instance); use plain JSON');
  config.symbols = [...config.symbols].sort();
  return config;
}

/** sha256 of the canonical config: two sessions with the same hash were configured alike. */
export const configHash = (config: Config): string => sha256Hex(canonical(config));
