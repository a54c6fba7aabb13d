import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { Config, eventSchemas } from '../index.js';

// The validators skip the meta-schema check at start-up (it cost a third of it); this is where it happens.
describe('schemas', () => {
  const ajv = new Ajv({ strict: true, allowUnionTypes: true });
  ajv.addKeyword('kind').addKeyword('modifier');

  it.each(Object.entries(eventSchemas))('the %s event schema is a valid JSON Schema (draft-07 meta-schema)', (_, schema) => {
    expect(ajv.validateSchema(schema), ajv.errorsText(ajv.errors)).toBe(true);
  });

  it('the config schema is a valid JSON Schema (draft-07 meta-schema)', () => {
    expect(ajv.validateSchema(Config), ajv.errorsText(ajv.errors)).toBe(true);
  });
});
