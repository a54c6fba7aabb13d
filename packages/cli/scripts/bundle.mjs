// Bundles the built CLI (dist/main.js and every module and package it imports) into one file,
// dist/bin.js, the command users run. A CLI of a few hundred small modules spends most of its
// start-up resolving and reading them (rxjs alone is ~400 files): one file starts ~0.3 s sooner
// on every command (`pnpm bench`: cli.startup_*). Run after `tsc -b`; `pnpm build` does both.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..');
// The event store's writer thread (a virtual-clock run's log is hashed and written on the second
// core) is started from the file beside the module that starts it: in the bundle, beside dist/bin.js.
const resolve = createRequire(join(cli, 'package.json')).resolve;
const logThread = join(dirname(resolve('@tickfold/event-store')), 'run/logThread.js');
// The thread needs only core's sha256Hex (through LineHasher): its module alone, not core's index
// (schemas, strategies, RxJS), keeps the thread's start-up and memory small. A value the thread
// later imports from elsewhere in core fails this build (no matching export) rather than passing.
const coreHash = join(dirname(createRequire(resolve('@tickfold/event-store')).resolve('@tickfold/core')), 'chain/hash.js');

const bundles = [
  { entry: join(cli, 'dist/main.js'), out: join(cli, 'dist/bin.js'), alias: {} },
  { entry: logThread, out: join(cli, 'dist/logThread.js'), alias: { '@tickfold/core': coreHash } },
];

for (const { entry, out, alias } of bundles) await build({
  entryPoints: [entry],
  outfile: out,
  alias,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // esbuild is a native binary (it compiles strategy files); piscina starts its own worker file.
  external: ['esbuild', 'piscina'],
  // Bundled CommonJS packages still call require() for Node's built-ins, and some name their own
  // file (write-file-atomic seeds temp names with __filename). None of those bundled reads files
  // beside itself on the paths tickfold uses (pino runs on our own stream, no transport worker).
  banner: {
    js: [
      "import { createRequire as __createRequire } from 'node:module';",
      "import { fileURLToPath as __fileURLToPath } from 'node:url';",
      "import { dirname as __pathDirname } from 'node:path';",
      'const require = __createRequire(import.meta.url);',
      'const __filename = __fileURLToPath(import.meta.url);',
      'const __dirname = __pathDirname(__filename);',
    ].join('\n'),
  },
  legalComments: 'none',
  logLevel: 'warning',
});
