import { ERROR_CATALOG, type ErrorCode } from '@tickfold/core';

const EXIT_OF = { corrupt: '1 (2 from `diff`)', 'cannot-run': '2', bug: '70' } as const;

/** The README's error table, rendered from the catalog so the two cannot drift. */
export function errorTable(): string {
  const rows = (Object.keys(ERROR_CATALOG) as ErrorCode[]).map((code) => {
    const e = ERROR_CATALOG[code];
    return `| \`${code}\` | ${e.area} | ${EXIT_OF[e.exit]} | ${e.fix.replace(/\|/g, '\\|')} |`;
  });
  return ['| code | area | exit | fix |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
