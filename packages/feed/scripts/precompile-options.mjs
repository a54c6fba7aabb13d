// Ajv's standalone code for the feeds' option schemas, written into src/options/ so that no run
// compiles them (or builds an Ajv at all) at start-up: compiling them cost ~10-20 ms of every
// `tickfold run`. Made exactly as core's event and config validators are, with core's Ajv setup
// for what a user writes (every problem listed, defaults filled in). `pnpm gen:validators` runs
// it after building; src/options/parse.spec.ts fails while the committed files differ.
import { fileURLToPath } from 'node:url';
import { HEADER, standaloneModule, writeIfChanged } from '../../core/scripts/precompile-validators.mjs';
// Core's own Ajv setup (built: `pnpm gen:validators` and `pnpm test` build first); not exported by
// core, since importing it evaluates Ajv and no process needs that.
import { createAjv } from '../../core/dist/validation/ajv.js';
// What the generated module can import: core's internal entry, as the module will.
import * as coreInternal from '../../core/dist/internal.js';

/**
 * The generated module's text: one validator per feed kind's options. The ajv runtime helpers it
 * uses are core's (`@tickfold/core/internal` exports them): a helper core's validators do not
 * use yet is an error here, to be exported from core first.
 */
export function generateOptionValidators({ CsvOptions, SyntheticOptions, YahooOptions }) {
  const helpers = new Map();
  const validators =
    HEADER('csv/options.ts, synthetic/options.ts, yahoo/options.ts', 'packages/feed/scripts/precompile-options.mjs') +
    standaloneModule(createAjv, 'input', { CsvOptions, SyntheticOptions, YahooOptions }, helpers, '@tickfold/core/internal');
  const missing = [...helpers.keys()].filter((name) => !(name in coreInternal));
  if (missing.length > 0) throw new Error(`the feed's option validators need ajv helpers core does not export: ${missing.join(', ')}; export them from core's validation/ajvHelpers.ts and internal.ts`);
  return { validators };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = new URL('../dist/', import.meta.url);
  const { CsvOptions } = await import(new URL('csv/options.js', dist));
  const { SyntheticOptions } = await import(new URL('synthetic/options.js', dist));
  const { YahooOptions } = await import(new URL('yahoo/options.js', dist));
  const out = generateOptionValidators({ CsvOptions, SyntheticOptions, YahooOptions });
  const src = new URL('../src/options/', import.meta.url);
  writeIfChanged(new URL('optionValidators.ts', src), out.validators);
  console.log(`wrote src/options/optionValidators.ts (${out.validators.length} bytes)`);
}
