import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { staleBuilds } from './freshBuild.js';

describe('the check for a build older than its sources', () => {
  let base = '';
  afterEach(() => rmSync(base, { recursive: true, force: true }));
  const file = (path: string, secondsAgo: number) => {
    mkdirSync(join(base, path, '..'), { recursive: true });
    writeFileSync(join(base, path), '');
    const at = Date.now() / 1000 - secondsAgo;
    utimesSync(join(base, path), at, at);
  };
  const workspace = () => {
    base = mkdtempSync(join(tmpdir(), 'tickfold-fresh-'));
    file('packages/core/src/a.ts', 50);
    file('packages/core/src/a.spec.ts', 50);
    file('packages/core/dist/.tsbuildinfo', 40);
    file('packages/cli/src/b.ts', 50);
    file('packages/cli/dist/.tsbuildinfo', 40);
    for (const bundle of ['bin', 'partWorker', 'replayWorker']) file(`packages/cli/dist/${bundle}.js`, 30);
  };
  const packages = ['packages/core', 'packages/cli'];

  it('passes a build newer than every source it reads', () => {
    workspace();
    expect(staleBuilds(base, packages)).toEqual([]);
  });

  it('names the build and the source edited after it', () => {
    workspace();
    file('packages/core/src/deep/c.ts', 35);
    expect(staleBuilds(base, packages)).toEqual(['packages/core/dist/.tsbuildinfo is older than packages/core/src/deep/c.ts']);
  });

  it('holds the bundle to every package it bundles', () => {
    workspace();
    file('packages/core/src/a.ts', 20);
    file('packages/core/dist/.tsbuildinfo', 10);
    expect(staleBuilds(base, packages)).toEqual(['bin', 'partWorker', 'replayWorker'].map((b) => `packages/cli/dist/${b}.js is older than packages/core/src/a.ts`));
  });

  it('ignores specs and test support, which the build does not read', () => {
    workspace();
    file('packages/core/src/a.spec.ts', 1);
    file('packages/cli/src/test-support/t.ts', 1);
    expect(staleBuilds(base, packages)).toEqual([]);
  });

  it('names a build that is missing, the bundled worker threads included', () => {
    workspace();
    rmSync(join(base, 'packages/cli/dist/bin.js'));
    rmSync(join(base, 'packages/cli/dist/partWorker.js'));
    expect(staleBuilds(base, packages)).toEqual(['packages/cli/dist/bin.js is missing', 'packages/cli/dist/partWorker.js is missing']);
  });
});
