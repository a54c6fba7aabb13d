import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateValidators } from '../../scripts/precompile-validators.mjs';
import { eventSchemas } from '../events/index.js';
import { Config } from '../config/schema.js';
import { createAjv } from './ajv.js';

describe('precompiled validators', () => {
  it('are what Ajv generates from the schemas as they are now (after a schema change: pnpm gen:validators)', () => {
    const fresh = generateValidators({ eventSchemas, Config, createAjv });
    const committed = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');
    expect(committed('./eventValidators.ts') === fresh.events, 'src/validation/eventValidators.ts is stale: run pnpm gen:validators').toBe(true);
    expect(committed('./configValidator.ts') === fresh.config, 'src/validation/configValidator.ts is stale: run pnpm gen:validators').toBe(true);
    expect(committed('./ajvHelpers.ts') === fresh.helpers, 'src/validation/ajvHelpers.ts is stale: run pnpm gen:validators').toBe(true);
  });
});
