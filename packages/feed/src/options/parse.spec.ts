import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { generateOptionValidators } from '../../scripts/precompile-options.mjs';
import { CsvOptions } from '../csv/options.js';
import { SyntheticOptions } from '../synthetic/options.js';
import { YahooOptions } from '../yahoo/options.js';

// The shared validator skips the meta-schema check at start-up (core validation/ajv.ts); this is where it happens for the feeds' options.
describe('feed option schemas', () => {
  const ajv = new Ajv({ strict: true, allowUnionTypes: true });
  ajv.addKeyword('kind').addKeyword('modifier');

  it.each([['csv', CsvOptions], ['synthetic', SyntheticOptions], ['yahoo', YahooOptions]])('the %s options schema is a valid JSON Schema (draft-07 meta-schema)', (_, schema) => {
    expect(ajv.validateSchema(schema), ajv.errorsText(ajv.errors)).toBe(true);
  });
});

describe('precompiled option validators', () => {
  it('are what Ajv generates from the option schemas as they are now (after a schema change: pnpm gen:validators)', () => {
    const fresh = generateOptionValidators({ CsvOptions, SyntheticOptions, YahooOptions });
    const committed = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');
    expect(committed('./optionValidators.ts') === fresh.validators, 'src/options/optionValidators.ts is stale: run pnpm gen:validators').toBe(true);
  });
});
