/** A JSON object being assembled from flags. */
export type Json = Record<string, unknown>;

/** The object at `target[key]`, created when missing. */
export const section = (target: Json, key: string): Json => {
  const current = target[key];
  if (current !== null && typeof current === 'object' && !Array.isArray(current)) return current as Json;
  return (target[key] = {});
};
