import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isErrorCode } from '@tickfold/core';
import { errorTable } from './errorTable.js';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const README = join(ROOT, 'packages/cli/README.md');

/** Non-test TypeScript sources of every package. */
const sources = (): string[] =>
  ['packages/core/src', 'packages/feed/src', 'packages/cli/src', 'packages/nats/src', 'event-store/src'].flatMap((dir) =>
    readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && !f.includes('test-support'))
      .map((f) => join(ROOT, dir, f)),
  );

describe('one error catalog', () => {
  it("the CLI README's error table is the catalog's (regenerate: print errorTable() from packages/cli/src/errorTable.ts)", () => {
    const readme = readFileSync(README, 'utf8');
    const block = /<!-- errors:begin -->\n([\s\S]*?)\n<!-- errors:end -->/.exec(readme)?.[1];
    expect(block, 'README is missing the <!-- errors:begin --> … <!-- errors:end --> block').toBeDefined();
    expect(block).toBe(errorTable());
  });

  it('every error code written in the sources is in the catalog', () => {
    const unknown = new Set<string>();
    for (const file of sources()) {
      for (const [, code] of readFileSync(file, 'utf8').matchAll(/['"`](E_[A-Z][A-Z_]*[A-Z])['"`]/g)) if (!isErrorCode(code!)) unknown.add(`${code} (${file.slice(ROOT.length + 1)})`);
    }
    expect([...unknown]).toEqual([]);
  });
});
