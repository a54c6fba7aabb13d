import stringify from 'fast-json-stable-stringify';

/**
 * The canonical bytes of a value: keys sorted, no whitespace. Hash these bytes and store these
 * same bytes, so verifying a line never needs to serialize again.
 */
export const canonical = (value: unknown): string => stringify(value);
