import type { Command } from 'commander';
import { RUN_FLAGS, type RunFlagSpec } from './runFlags.js';

/** Commander's accumulator for a repeatable option. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The flags of `tickfold run` (the RUN_FLAGS table); values stay strings here and are checked by applyRunFlags. */
export function runOptions(cmd: Command): Command {
  for (const spec of Object.values(RUN_FLAGS) as RunFlagSpec[]) {
    if (spec.repeatable) cmd.option(spec.option, spec.help, collect);
    else cmd.option(spec.option, spec.help);
  }
  return cmd;
}
