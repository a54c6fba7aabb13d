// Bundles the built CLI (dist/main.js and every module and package it imports) into one file,
// dist/bin.js, the command users run. A CLI of a few hundred small modules spends most of its
// start-up resolving and reading them (rxjs alone is ~400 files): one file starts ~0.3 s sooner
// on every command (`pnpm bench`: cli.startup_*). Run after `tsc -b`; `pnpm build` does both.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..');

const options = {
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
};

await build({ ...options, entryPoints: [join(cli, 'dist/main.js')], outfile: join(cli, 'dist/bin.js') });
// The thread a parallel read of a log starts: the store names it beside the bundle (event-store/src/workerFile.ts).
const store = dirname(createRequire(import.meta.url).resolve('@tickfold/event-store'));
await build({ ...options, entryPoints: [join(store, 'partWorker.js')], outfile: join(cli, 'dist/partWorker.js') });
// The thread a replay reads the log on (event-store/src/run/replayLines.ts), named the same way.
await build({ ...options, entryPoints: [join(store, 'replayWorker.js')], outfile: join(cli, 'dist/replayWorker.js') });
