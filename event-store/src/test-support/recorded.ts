import { cpSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineSink } from '@tickfold/core';
import { createRun, type CreateRunOptions } from '../run/create.js';
import { CREATED_AT, configOf, runSession } from './session.js';

/** Records a gbm session into a new run at `dir`; stopped at tick `stopAt`, when given, so before SessionEnded. */
export async function recordRun(dir: string, opts: { seed: number; ticks: number; symbols: string[]; stopAt?: number; run?: Partial<CreateRunOptions> }): Promise<void> {
  const writer = createRun({ dir, config: configOf(opts.seed, opts.symbols), createdAt: CREATED_AT, ...opts.run });
  let engine: { stop(): void } | undefined;
  const stopper: EngineSink = { write: (_records, state) => void (state.tick === opts.stopAt && engine?.stop()) };
  await runSession({ seed: opts.seed, ticks: opts.ticks, symbols: opts.symbols, sinks: [writer, stopper], onEngine: (e) => (engine = e) });
  writer.close();
}

/** A fresh copy under `root` of a recorded run on each call, to damage. */
export function copier(root: string): (from: string) => string {
  let copies = 0;
  return (from) => {
    const dir = join(root, `copy-${++copies}`);
    cpSync(from, dir, { recursive: true });
    return dir;
  };
}
