import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

/**
 * Ajv as tickfold compiles its TypeBox schemas: strict, unions allowed, TypeBox's `kind` and
 * `modifier` keywords known, and no meta-schema check at start-up (it cost a third of it;
 * events/schemas.spec.ts and feed/options/parse.spec.ts check every schema once).
 * The one setup: `inputAjv` for what a user writes (config, feed options), `eventAjv` for events.
 */
function createAjv(mode: 'input' | 'events'): Ajv {
  const input = mode === 'input';
  // Events: the first error only (the hot path validates every event) and never a default filled
  // in, so a damaged log is refused rather than repaired. Input: every problem, defaults filled in.
  const ajv = new Ajv({ allErrors: input, useDefaults: input, strict: true, allowUnionTypes: true, validateSchema: false });
  return ajv.addKeyword('kind').addKeyword('modifier');
}

/** Validates what a user writes: lists every problem and fills in defaults. Users: config/load.ts, feed/options/parse.ts. */
export const inputAjv = createAjv('input');

/** Validates events as they are: users: events/validate.ts. */
export const eventAjv = createAjv('events');

/**
 * A validator compiled on first use, not at import: compiling costs milliseconds per schema, and
 * a command uses few of them (`tickfold --version` none), so start-up pays only for what runs.
 *
 * @example const validator = compileOnUse(inputAjv, Config); if (!validator()(value)) report(validator().errors);
 */
export function compileOnUse<T = unknown>(ajv: Ajv, schema: object): () => ValidateFunction<T> {
  let validate: ValidateFunction<T> | undefined;
  return () => (validate ??= ajv.compile<T>(schema));
}

/**
 * One Ajv error in words: "field /data/qty must be number [rule: type]". `base` is the pointer
 * the validated value sits at (`/feed/options` for a feed's options).
 */
export function describeAjvError(err: ErrorObject, base = ''): string {
  const path = base + err.instancePath;
  const where = path === '' ? 'the object' : `field ${path}`;
  const extra =
    err.keyword === 'additionalProperties'
      ? ` ('${String(err.params['additionalProperty'])}' is not part of the schema)`
      : err.keyword === 'enum' || err.keyword === 'const'
        ? ` (${JSON.stringify(err.params)})`
        : '';
  return `${where} ${err.message ?? 'is invalid'}${extra} [rule: ${err.keyword}]`;
}
