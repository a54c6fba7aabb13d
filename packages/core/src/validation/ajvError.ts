import type { ErrorObject } from 'ajv';

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
