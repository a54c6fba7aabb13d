/** Types of precompile-options.mjs, for the spec that holds the generated files current. */
export function generateOptionValidators(schemas: {
  readonly CsvOptions: object;
  readonly SyntheticOptions: object;
  readonly YahooOptions: object;
}): { readonly validators: string };
