/** Types of precompile-validators.mjs, for the spec that holds the generated files current. */
export function generateValidators(schemas: {
  readonly eventSchemas: Readonly<Record<string, object>>;
  readonly Config: object;
  readonly createAjv: (mode: 'input' | 'events', code: { readonly source: true; readonly esm: true }) => unknown;
}): { readonly events: string; readonly config: string; readonly helpers: string };
