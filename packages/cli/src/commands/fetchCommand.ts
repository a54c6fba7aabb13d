import { join } from 'node:path';
import { createRegistry } from '@tickfold/core';
import { nodeFileLayer } from '@tickfold/event-store';
import { connectNats, fetchRun, openTickfoldNats } from '@tickfold/nats';
import { printJson, printLine, type Io } from '../io.js';
import { claimRunDir, RUN_OPTIONS_FILE } from '../runDir.js';
import { EXIT } from '../exitCodes.js';
import { loadStrategyFiles } from '../strategies/registry.js';

/** `tickfold fetch --nats URL RUN DIR`: the run from JetStream as an ordinary run directory. */
export async function fetchCommand(run: string, out: string, flags: { nats: string; json?: boolean }, io: Io): Promise<number> {
  const dir = claimRunDir(io.cwd, out);
  const nc = await connectNats(flags.nats, { name: 'tickfold fetch' });
  try {
    const t = await openTickfoldNats(nc);
    // A run of strategies from files needs their code to fold its state: the files its job named.
    const stored = await t.manifests.get(`${run}.options`);
    const files = stored && stored.length > 0 ? (JSON.parse(stored.string()) as { strategyFiles?: string[]; strategyDir?: string }) : {};
    const registry = files.strategyFiles?.length ? createRegistry(await loadStrategyFiles(files.strategyFiles, files.strategyDir ?? io.cwd)) : undefined;
    const fetched = await fetchRun(t, run, dir, registry);
    // As `tickfold run` writes it, so `run --resume DIR` works on an unfinished fetched run.
    if (fetched.options) nodeFileLayer.writeFileAtomic(join(dir, RUN_OPTIONS_FILE), `${JSON.stringify(fetched.options, null, 2)}\n`);
    if (flags.json) printJson(io, { run, dir, events: fetched.events, ticks: fetched.ticks, head: fetched.head, ended: fetched.ended });
    else printLine(io, `fetched ${run} into ${dir}: ${fetched.events} events, ${fetched.ticks} ticks, ${fetched.ended ? 'session ended' : 'session open'}\nhead  ${fetched.head}`);
    return EXIT.ok;
  } finally {
    await nc.close();
  }
}
