// Vitest's global setup: refuses to run the tests on a build older than the sources. The unit
// tests read the TypeScript sources, but worker threads (the parallel verify, replay's reading
// thread, sweep workers) and the CLI's end-to-end tests run what `pnpm build` wrote: after an
// edit without a build they would test the old code and pass or fail for the wrong reason.
// `pnpm test` builds first, so this only speaks to a bare `npx vitest run`.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const PACKAGES = ['packages/core', 'packages/feed', 'packages/nats', 'event-store', 'packages/cli'];
const BUNDLES = ['packages/cli/dist/bin.js', 'packages/cli/dist/partWorker.js', 'packages/cli/dist/replayWorker.js'];
/** What the build reads: sources, not specs or test support (tsconfig.json excludes those). */
const isBuilt = (name: string): boolean => name.endsWith('.ts') && !name.endsWith('.spec.ts');

/** The newest source a package's build reads, as [path, mtime in ms]. */
function newestSource(dir: string): [string, number] {
  let newest: [string, number] = ['', 0];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'test-support') continue;
      const inner = newestSource(path);
      if (inner[1] > newest[1]) newest = inner;
    } else if (isBuilt(entry.name)) {
      const ms = statSync(path).mtimeMs;
      if (ms > newest[1]) newest = [path, ms];
    }
  }
  return newest;
}

const mtimeOf = (path: string): number | null => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
};

/**
 * What is older than a source it is built from: each package's build (its .tsbuildinfo) against
 * the package's sources, and the CLI's bundles (they hold every package) against all of them.
 * It sees edits, not deletions: a source removed since the build leaves its output unnoticed.
 */
export function staleBuilds(base = root, packages: readonly string[] = PACKAGES): string[] {
  const stale: string[] = [];
  const check = (output: string, [source, sourceMs]: [string, number]) => {
    const builtMs = mtimeOf(join(base, output));
    if (builtMs === null) stale.push(`${output} is missing`);
    else if (builtMs < sourceMs) stale.push(`${output} is older than ${relative(base, source)}`);
  };
  let newest: [string, number] = ['', 0];
  for (const pkg of packages) {
    const source = newestSource(join(base, pkg, 'src'));
    check(join(pkg, 'dist/.tsbuildinfo'), source);
    if (source[1] > newest[1]) newest = source;
  }
  // The bundle and the worker threads bundled beside it (written after it) hold every package.
  if (packages.includes('packages/cli')) for (const bundle of BUNDLES) check(bundle, newest);
  return stale;
}

export default function setup(): void {
  const stale = staleBuilds();
  if (stale.length > 0) {
    throw new Error(`the build is older than the sources:\n  - ${stale.join('\n  - ')}\nRun \`npx pnpm@9.15.9 build\` first (\`pnpm test\` does): worker threads and the CLI's end-to-end tests run the build.`);
  }
}
