// Test support shared by every package's publicFace.spec.ts. It reads entry files from disk, so it
// lives at the workspace root, not in packages/core (which does no file I/O, tests included).
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The names an entry file (`index.ts`, `internal.ts`) re-exports, read from its source: `values`
 * are the ones without `type` (verbatimModuleSyntax makes that marking exact), `types` the rest.
 */
export function declaredExports(file: URL): { values: string[]; types: string[] } {
  const source = ts.createSourceFile(file.pathname, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
  const values: string[] = [];
  const types: string[] = [];
  for (const node of source.statements) {
    if (!ts.isExportDeclaration(node) || !node.exportClause || !ts.isNamedExports(node.exportClause)) {
      throw new Error(`${file.pathname}: an entry file holds only export lists by name (no export *, no code)`);
    }
    for (const e of node.exportClause.elements) (node.isTypeOnly || e.isTypeOnly ? types : values).push(e.name.text);
  }
  return { values: values.sort(), types: types.sort() };
}

/** One entry point's expected names: `values` as the runtime sees them, `types` the type-only rest. */
export interface Face {
  readonly module: Record<string, unknown>;
  readonly file: URL;
  readonly values: readonly string[];
  readonly types: readonly string[];
}

/**
 * Pins a package's public and internal entry points to explicit lists, so a new export is a
 * reviewed change: the runtime names (what `import *` sees) and the declared names, types
 * included (what the runtime cannot see), of each; and no name in both.
 */
export function describePublicFace(pkg: string, faces: { readonly public: Face; readonly internal: Face }): void {
  describe(`${pkg} public face`, () => {
    for (const [entry, face] of Object.entries(faces)) {
      it(`${entry}: exports exactly the listed values at runtime`, () => {
        expect(Object.keys(face.module).sort()).toEqual(face.values);
      });
      it(`${entry}: declares exactly the listed values and types`, () => {
        expect(declaredExports(face.file)).toEqual({ values: face.values, types: face.types });
      });
    }
    it('no name is both public and internal', () => {
      const internal = new Set([...faces.internal.values, ...faces.internal.types]);
      expect([...faces.public.values, ...faces.public.types].filter((n) => internal.has(n))).toEqual([]);
    });
  });
}
