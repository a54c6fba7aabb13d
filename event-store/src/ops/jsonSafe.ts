/**
 * Makes any value safe for JSON, so every ops-log line parses:
 * - non-finite numbers become the strings "NaN", "Infinity", "-Infinity";
 * - bigints become decimal strings ("12345678901234567890");
 * - Dates become ISO strings, an invalid Date becomes null;
 * - typed arrays become plain arrays (BigInt64 elements as decimal strings), ArrayBuffers their byte length;
 * - Maps become objects (keys as strings; object keys as their JSON), Sets arrays; Errors { name, message, code? };
 * - -0 becomes 0 and array holes null, as JSON.stringify would;
 * - undefined and functions are dropped from objects (null in arrays), cycles become "[Circular]".
 *
 * @example jsonSafe({ n: NaN, b: 10n }) // { n: 'NaN', b: '10' }
 */
export function jsonSafe(value: unknown, seen: Set<object> = new Set()): unknown {
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? value + 0 : String(value); // + 0 turns -0 into 0, as JSON would
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'object':
      break;
    default:
      return value;
  }
  if (value === null) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (ArrayBuffer.isView(value)) {
    if (value instanceof DataView) return { byteLength: value.byteLength };
    return Array.from(value as unknown as ArrayLike<number | bigint>, (x) => jsonSafe(x));
  }
  if (value instanceof ArrayBuffer) return { byteLength: value.byteLength };
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return Array.from(value, (x) => jsonSafe(x, seen) ?? null);
    if (value instanceof Set) return [...value].map((x) => jsonSafe(x, seen) ?? null);
    if (value instanceof Error) {
      const code = (value as { code?: unknown }).code;
      return { name: value.name, message: value.message, ...(code !== undefined ? { code: jsonSafe(code, seen) } : {}) };
    }
    const key = (k: unknown): string => (typeof k === 'object' && k !== null ? JSON.stringify(jsonSafe(k, seen)) : String(k));
    const entries = value instanceof Map ? [...value.entries()].map(([k, v]) => [key(k), v] as const) : Object.entries(value);
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) {
      const safe = jsonSafe(v, seen);
      // Defined, not assigned: assigning to "__proto__" would set the object's prototype instead of a key.
      if (safe !== undefined) Object.defineProperty(out, k, { value: safe, enumerable: true, writable: true, configurable: true });
    }
    return out;
  } finally {
    seen.delete(value);
  }
}
