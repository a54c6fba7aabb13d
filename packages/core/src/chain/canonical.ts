import stringify from 'fast-json-stable-stringify';

/**
 * True when `JSON.stringify(value)` already is the canonical form: plain JSON data whose object
 * keys are in sorted order at every depth. Walks without allocating; any doubt answers false.
 */
export function alreadyCanonical(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!alreadyCanonical(value[i]) || value[i] === undefined) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) return false;
      let previous: string | null = null;
      for (const key in value) {
        if (previous !== null && !(previous < key)) return false;
        // Integer-like keys are enumerated first by the engine, whatever the insertion order.
        const v = (value as Record<string, unknown>)[key];
        if (v === undefined || !alreadyCanonical(v)) return false;
        previous = key;
      }
      return true;
    }
    default:
      return false;
  }
}

/**
 * The canonical bytes of a value: fast-json-stable-stringify's output (keys sorted, no
 * whitespace). Events the engine builds keep their keys in sorted order, so native
 * JSON.stringify produces those same bytes ~4× faster; anything else takes the general path.
 * Hash these bytes and store these same bytes, so verifying a line never serializes again.
 */
export const canonical = (value: unknown): string => (alreadyCanonical(value) ? JSON.stringify(value) : stringify(value));

/** The reference serializer, for property tests that prove `canonical` byte-identical to it. */
/** A copy of a record with its keys in sorted order, so native JSON.stringify writes it canonically. */
export function sortedRecord<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key]!;
  return out;
}

export const stableStringify = (value: unknown): string => stringify(value);
