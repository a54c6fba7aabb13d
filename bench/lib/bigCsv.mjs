import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const DAY_MS = 86_400_000;

/** `count` rows of a Yahoo CSV repeated end to end; each copy starts a day after the last ended. */
export function bigCsv(source, count) {
  const [header, ...rows] = readFileSync(source, 'utf8').trim().split('\n');
  const parsed = rows.map((r) => { const [date, ...rest] = r.split(','); return { t: Date.parse(`${date}T00:00:00Z`), rest: rest.join(',') }; });
  const span = parsed.at(-1).t - parsed[0].t + DAY_MS;
  const out = [header];
  for (let i = 0; i < count; i++) {
    const copy = Math.floor(i / parsed.length);
    const row = parsed[i % parsed.length];
    out.push(`${new Date(row.t + copy * span).toISOString().slice(0, 10)},${row.rest}`);
  }
  return `${out.join('\n')}\n`;
}

/**
 * The source of a child process that runs the built CLI's `main` on its argv and reports, on
 * stderr as `BENCH {code, ms, maxRssKb}`, its time and its own peak RSS (the CSV generation stays
 * out of it).
 */
export const cliChild = (root) => `
const { main } = await import(${JSON.stringify(join(root, 'packages/cli/dist/program.js'))});
const { processIo } = await import(${JSON.stringify(join(root, 'packages/cli/dist/io.js'))});
const t0 = performance.now();
const code = await main(process.argv.slice(1), { ...processIo(), stdout: { write() { return true; } } });
const ms = performance.now() - t0;
process.stderr.write('\\nBENCH ' + JSON.stringify({ code, ms, maxRssKb: process.resourceUsage().maxRSS }) + '\\n');
`;
