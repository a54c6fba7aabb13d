import { Ajv } from 'ajv';

/**
 * Ajv as tickfold compiles its TypeBox schemas: strict, unions allowed, TypeBox's `kind` and
 * `modifier` keywords known, and no meta-schema check (events/schemas.spec.ts and
 * feed/options/parse.spec.ts check every schema once). The one setup of every validator, all
 * precompiled (core's scripts/precompile-validators.mjs for events and the config, feed's
 * scripts/precompile-options.mjs for feed options, passing `code` to have their source): no
 * process builds an Ajv or compiles a schema, and nothing but those scripts and specs imports this
 * module (importing it evaluates Ajv, ~10 ms of start-up).
 */
export function createAjv(mode: 'input' | 'events', code?: { readonly source: true; readonly esm: true }): Ajv {
  const input = mode === 'input';
  // Events: the first error only (the hot path validates every event) and never a default filled
  // in, so a damaged log is refused rather than repaired. Input: every problem, defaults filled in.
  const ajv = new Ajv({ allErrors: input, useDefaults: input, strict: true, allowUnionTypes: true, validateSchema: false, ...(code ? { code } : {}) });
  return ajv.addKeyword('kind').addKeyword('modifier');
}
