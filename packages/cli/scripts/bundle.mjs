// Bundles the built CLI (dist/main.js and every module and package it imports) into dist/bin.js,
// the command users run, and the chunks beside it that only some commands load. A CLI of a few
// hundred small modules spends most of its start-up resolving and reading them (rxjs alone is
// ~400 files): the bundle starts ~0.3 s sooner on every command (`pnpm bench`: cli.startup_*).
// Run after `tsc -b`; `pnpm build` does both.
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..');

// rxjs's package exports its CommonJS build to Node: one module that defines every operator, which a
// bundle keeps whole. Its ES2015 build (the same code) lets the bundle keep only what tickfold uses.
// esbuild's `conditions` cannot pick it (rxjs lists `node` first), hence the plugin. Every package's
// `rxjs` goes to core's copy: the lockfile holds one rxjs (7.8.2), so that is the copy they all had.
const esmRxjs = {
  name: 'rxjs-esm',
  setup(b) {
    const rxjs = dirname(createRequire(import.meta.url).resolve('rxjs/package.json', { paths: [createRequire(join(cli, 'package.json')).resolve('@tickfold/core')] }));
    b.onResolve({ filter: /^rxjs(\/operators)?$/ }, (a) => ({ path: join(rxjs, 'dist/esm', a.path === 'rxjs' ? 'index.js' : 'operators/index.js') }));
  },
};

const options = {
  plugins: [esmRxjs],
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

// Split: what only some commands use (NATS, reports, sweeps, exports) sits in chunks loaded by
// those commands alone (program.ts imports each command when it runs), so a run parses less.
// The chunks sit beside bin.js: the worker files are named relative to each module's
// import.meta.url (event-store/src/workerFile.ts, src/workerFiles.ts), a chunk's here being its own.
for (const f of readdirSync(join(cli, 'dist'))) if (/^chunk-\w+\.js$/.test(f)) rmSync(join(cli, 'dist', f));
await build({ ...options, entryPoints: { bin: join(cli, 'dist/main.js') }, outdir: join(cli, 'dist'), splitting: true, chunkNames: 'chunk-[hash]' });
// The thread a parallel read of a log starts: the store names it beside the bundle (event-store/src/workerFile.ts).
const store = dirname(createRequire(import.meta.url).resolve('@tickfold/event-store'));
await build({ ...options, entryPoints: [join(store, 'partWorker.js')], outfile: join(cli, 'dist/partWorker.js') });
// The thread a replay reads the log on (event-store/src/run/replayLines.ts), named the same way.
await build({ ...options, entryPoints: [join(store, 'replayWorker.js')], outfile: join(cli, 'dist/replayWorker.js') });
// The writer thread of a virtual-clock run's log (event-store/src/run/threadedLog.ts), named the same way.
// It needs only core's sha256Hex (the appender hashes each line with it): that module alone, not core's index (schemas,
// strategies, RxJS), keeps the thread's start-up and memory small. A value the thread later imports
// from elsewhere in core fails this build (no matching export) rather than passing.
const coreHash = join(dirname(createRequire(join(store, 'index.js')).resolve('@tickfold/core')), 'chain/hash.js');
await build({ ...options, entryPoints: [join(store, 'logWorker.js')], outfile: join(cli, 'dist/logWorker.js'), alias: { '@tickfold/core': coreHash } });
